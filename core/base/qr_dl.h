/* qr_dl.h: libqrencode, loaded when a QR code is first drawn (qr.c: the
 * device sign-in screen and plain mode's device flow).
 *
 * Linking it made every start, `validate` and the wizard's first screen
 * included, map it for the one screen that draws a code. As with libcurl
 * (net/curl_dl.h), the binary does not link it: this header maps each
 * QRcode_* function the code calls onto a table filled by dlopen in
 * qr_dl_load. */
#ifndef ONRAMP_QR_DL_H
#define ONRAMP_QR_DL_H
#include <qrencode.h>
#include <stdbool.h>

#define QR_DL_FUNCS(X) X(encodeString) X(free)

struct qr_fns {
#define QR_DL_MEMBER(f) __typeof__(&QRcode_##f) f;
	QR_DL_FUNCS(QR_DL_MEMBER)
#undef QR_DL_MEMBER
};

/* Loads libqrencode once; false (with dlerror's words or the missing name
 * in why) when it cannot. */
bool qr_dl_load(const char **why);
/* The table; only after a successful qr_dl_load (qr_art_make loads). */
extern struct qr_fns qr_dl;

#define QRcode_encodeString (qr_dl.encodeString)
#define QRcode_free (qr_dl.free)
#endif
