/* advice.c: the next step after a sync run that did not end DONE (see
 * advice.h). */
#include "sync/advice.h"
#include "i18n.h"
#include "data/errors.h"
#include "util.h"
#include <stdbool.h>
#include <string.h>

static bool needs_details(const char *hint)
{
	static const char *const marks[] = {"{detail}", "{location}", "{status}", "{retry}", NULL};
	for (int i = 0; marks[i]; i++)
		if (strstr(hint, marks[i]))
			return true;
	return false;
}

void sync_run_advice(const struct db_run *r, const char *host, char *out, size_t size)
{
	const struct err_row *row;
	out[0] = 0;
	if (r->status == RUN_DONE || r->status == RUN_SYNCING)
		return;
	/* a hint that needs the failure's own details ({detail}, {status}...)
	 * cannot be rebuilt from the code: the generic words then */
	if (r->error_code[0] && (row = data_err_row(r->error_code)) && row->hint && !needs_details(row->hint)) {
		struct err_vars v = {.host = host && *host ? host : _("the server")};
		struct onr_error e;
		errtable_fill(&e, row, &v);
		str_copy(out, size, e.hint);
		return;
	}
	/* codes without a row: the cancel and stop texts, store failures */
	str_copy(out, size,
		 r->status == RUN_CANCELLED
			 ? _("What it saved stays; what it had not saved yet is read again by the next sync.")
			 : _("Put right what the message says; the next sync then tries again from the last saved "
			   "point. Orders saved before stay as they are."));
}
