/* preview.h: the done screen's proof that data flows (issue 13). Right
 * after a successful check, from the credentials still in memory (so it
 * works on a kiosk too, which cannot open a seal), read the first page of
 * purchase orders and keep a summary: how many, and up to five rows, their
 * text cleaned for the screen. The connect session starts it
 * (session_preview); the TUI and line mode show it; core prints nothing. */
#ifndef ONRAMP_PREVIEW_H
#define ONRAMP_PREVIEW_H
#include "data/reader.h"

#define PREVIEW_ROWS 5
#define PREVIEW_PAGE 25

struct preview_row {
	char number[64], supplier[64], status[24], total[48], currency[8];
};

struct data_preview {
	bool done, failed, no_reader;
	long count; /* orders on the first page */
	int nrows;
	struct preview_row rows[PREVIEW_ROWS];
	struct onr_error err; /* when failed: the error table's words */
	char headline[200];   /* "Read 25 purchase orders from Tryton" */
	struct rd *rd;
	struct form *form; /* the read's own copy of the credentials */
	char pin[64], cafile[512];
	char plain_http[320]; /* the yes to plain http the check used, for this address */
	struct loop *loop;
	int wipe_timer; /* drops the read and its credentials once done */
	void (*on_done)(void *arg);
	void *arg;
};

/* Starts reading; on_done (may be NULL) is called from the loop once
 * p->done. The read takes its own copy of form (and of pin and cafile, as
 * the check used them; may be NULL), so the caller may wipe its form at
 * once; the copy is wiped as soon as the read ends. A system without a
 * reader is done at once: no_reader, and the headline says "onramp can't
 * read purchase orders from X yet". */
struct data_preview *data_preview_start(struct loop *l, const struct system *sys, const struct form *form,
					const char *pin, const char *cafile, const char *plain_http,
					void (*on_done)(void *arg), void *arg);
/* Stops the read (if running) and frees everything. */
void data_preview_free(struct data_preview *p);
#endif
