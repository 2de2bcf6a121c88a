#include "po_offline.h"
#include <stdlib.h>
#include <string.h>

static void on_record(void *arg, const struct po *po)
{
	struct po_out *o = arg;
	char *j = po_to_json(po, 1);
	buf_adds(&o->orders, j);
	buf_adds(&o->orders, "\n");
	free(j);
	o->n++;
}

static void on_warn(void *arg, const char *text)
{
	struct po_out *o = arg;
	buf_adds(&o->warnings, text);
	buf_adds(&o->warnings, "\n");
	o->nwarn++;
}

void po_out_start(struct po_out *o, const struct reader *r, bool raw)
{
	struct rd_opts opts = {.scope = "test", .status = -1, .raw = raw, .page_size = 2};
	memset(o, 0, sizeof(*o));
	buf_init(&o->orders);
	buf_init(&o->warnings);
	o->rd = rd_new_offline(r, &opts, on_record, on_warn, o);
}

int po_out_page(struct po_out *o, const char *body)
{
	return rd_offline_page(o->rd, body, strlen(body), &o->err);
}

int po_out_item(struct po_out *o, const char *body)
{
	return rd_offline_item(o->rd, body, strlen(body), &o->err);
}

void po_out_free(struct po_out *o)
{
	rd_free(o->rd);
	buf_free(&o->orders);
	buf_free(&o->warnings);
}

bool po_out_has(const struct po_out *o, const char *text)
{
	return o->orders.data && strstr(o->orders.data, text);
}

bool po_out_warned(const struct po_out *o, const char *text)
{
	return o->warnings.data && strstr(o->warnings.data, text);
}
