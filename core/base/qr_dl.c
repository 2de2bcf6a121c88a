/* qr_dl.c: loads libqrencode when a QR code is first drawn (qr_dl.h), by
 * the SONAME of the library the build compiled against
 * (ONRAMP_QR_SONAME), so the ABI matches. */
#include "qr_dl.h"
#include "dl_table.h"

#ifndef ONRAMP_QR_SONAME
#define ONRAMP_QR_SONAME "libqrencode.so.4"
#endif

struct qr_fns qr_dl;

bool qr_dl_load(const char **why)
{
#define QR_DL_NAME(f) #f,
	static const char *const names[] = {QR_DL_FUNCS(QR_DL_NAME)};
#undef QR_DL_NAME
	_Static_assert(sizeof(names) / sizeof(names[0]) * sizeof(void *) == sizeof(qr_dl), "one slot a name");
	return dl_table_load(ONRAMP_QR_SONAME, "QRcode_", names, (void **)&qr_dl, sizeof(names) / sizeof(names[0]), why);
}
