#include "data/preview.h"
#include "i18n.h"
#include "data/errors.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

/* Server text goes on a screen: no control or escape sequence gets through. */
static void clean(char *dst, size_t size, const char *src)
{
	str_clean(dst, size, src, src ? strlen(src) : 0);
}

static void on_record(void *arg, const struct po *po)
{
	struct data_preview *p = arg;
	p->count++;
	if (p->nrows >= PREVIEW_ROWS)
		return;
	struct preview_row *r = &p->rows[p->nrows++];
	clean(r->number, sizeof(r->number), po->number ? po->number : po->remote_id);
	clean(r->supplier, sizeof(r->supplier), po->supplier_name);
	str_copy(r->status, sizeof(r->status), po_status_name(po->status));
	for (char *u = strchr(r->status, '_'); u; u = strchr(u, '_'))
		*u = ' '; /* "partially received": read by people, not scripts */
	clean(r->total, sizeof(r->total), po->total);
	clean(r->currency, sizeof(r->currency), po->currency);
}

/* The read is over: its credentials go at once. From a timer, since the
 * read is still inside its own callback when it reports the end. */
static void wipe(void *arg)
{
	struct data_preview *p = arg;
	p->wipe_timer = 0;
	rd_free(p->rd);
	p->rd = NULL;
	form_free(p->form);
	p->form = NULL;
}

static void on_done(void *arg)
{
	struct data_preview *p = arg;
	const struct onr_error *e = rd_error(p->rd);
	p->done = true;
	if (e) {
		p->failed = true;
		p->err = *e;
		str_copy(p->headline, sizeof(p->headline), e->message);
	} else {
		str_fmt(p->headline, sizeof(p->headline),
			NG_("Read %ld purchase order from %s", "Read %ld purchase orders from %s", p->count), p->count,
			rd_system(p->rd)->name);
	}
	p->wipe_timer = loop_after(p->loop, 0, wipe, p);
	if (p->on_done)
		p->on_done(p->arg);
}

struct data_preview *data_preview_start(struct loop *l, const struct system *sys, const struct form *form,
					const char *pin, const char *cafile, const char *plain_http,
					void (*done)(void *arg), void *arg)
{
	struct data_preview *p = xcalloc(1, sizeof(*p));
	const struct reader *r = reader_for(sys->id);
	struct rd_opts o = {.scope = "preview", .status = -1, .page_size = PREVIEW_PAGE, .first_page = true,
			    .pin = pin, .cafile = cafile, .total_timeout_ms = 60000};
	p->on_done = done;
	p->arg = arg;
	p->loop = l;
	if (!r) {
		struct err_vars v = {.detail = sys->name};
		data_fail(&p->err, "data.no_reader", &v, NULL);
		p->done = p->no_reader = true;
		str_copy(p->headline, sizeof(p->headline), p->err.message);
		return p;
	}
	str_copy(p->pin, sizeof(p->pin), pin);
	str_copy(p->cafile, sizeof(p->cafile), cafile);
	o.pin = pin && *pin ? p->pin : NULL;
	o.cafile = cafile && *cafile ? p->cafile : NULL;
	str_copy(p->plain_http, sizeof(p->plain_http), plain_http);
	o.plain_http = plain_http && *plain_http ? p->plain_http : NULL;
	p->form = form_copy(form); /* the caller's form is wiped meanwhile */
	p->rd = rd_start(l, r, sys, p->form, &o, on_record, NULL, on_done, p);
	return p;
}

void data_preview_free(struct data_preview *p)
{
	if (!p)
		return;
	if (p->wipe_timer)
		loop_cancel(p->loop, p->wipe_timer);
	wipe(p);
	free(p);
}
