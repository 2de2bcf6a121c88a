/* cursor.h: the API's opaque paging cursor. It carries the history seq of
 * the last record a page returned, as base64url("c1:" SEQ) without
 * padding, so clients treat it as a token and the format can change
 * behind the "c1" version. The decoder takes only what the encoder makes. */
#ifndef ONRAMP_API_CURSOR_H
#define ONRAMP_API_CURSOR_H
#define CURSOR_MAX 40

void cursor_encode(long long seq, char out[CURSOR_MAX]);
/* 0 with *seq, or -1 for anything else (never reads past len). */
int cursor_decode(const char *s, long long *seq);
#endif
