/* `onramp orders ID`: purchase orders, read live through a stored
 * connection, in the unified model (docs/models/purchase-order.md). The
 * records stream: each is printed as it arrives and then forgotten. */
#include "commands.h"
#include "i18n.h"
#include "cli.h"
#include "catalog.h"
#include "data/errors.h"
#include "data/json.h"
#include "data/open.h"
#include "data/reader.h"
#include "print.h"
#include "util.h"
#include "utf8.h"
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

static const struct cli_opt orders_opts[] = {
	{"--json", NULL, N_("one JSON array of orders")},
	{"--jsonl", NULL, N_("one order a line, written as it arrives")},
	{"--since", "TIME", N_("only orders changed since TIME (2026-03-01T08:00:00Z)")},
	{"--status", "S", N_("only this unified status (draft, open, received, ...)")},
	{"--limit", "N", N_("at most N orders")},
	{"--raw", NULL, N_("add each source record as remote_data")},
	{"--page-size", "N", N_("orders a page (default 100, at most 1000)")},
	{"--trace", "FILE", N_("a support trace (credentials redacted)")},
	{"--passphrase-fd", "N", N_("the secret key's passphrase, from descriptor N")},
	{"--passphrase-file", "FILE", N_("... from the first line of FILE")},
	{NULL},
};

enum out_mode { OUT_TABLE, OUT_JSON, OUT_JSONL };

struct orders_run {
	enum out_mode mode;
	const char *trace_path, *pass_file;
	int pass_fd;
	struct rd_opts o;
	char since[40];
	long printed;
	bool cancelled;
	struct buf out; /* --json, --jsonl: records not written yet */
};

#define OUT_FLUSH (256 * 1024) /* a page of orders is about 150 KiB of JSON */

/* One option with its value; -1 after a usage error in *rc. */
static int option(struct orders_run *r, const struct cli_args *a, const char *name, const char *v, int *rc)
{
	long n;
	if (!strcmp(name, "--json") || !strcmp(name, "--jsonl")) {
		r->mode = name[6] ? OUT_JSONL : OUT_JSON;
	} else if (!strcmp(name, "--raw")) {
		r->o.raw = true;
	} else if (!strcmp(name, "--since")) {
		if (!json_date(v, false, r->since, sizeof(r->since)))
			return *rc = cli_usage(a, NULL, _("The time after --since is not a date onramp understands "
						       "(2026-03-01 or 2026-03-01T08:00:00Z).")), -1;
		r->o.since = r->since;
	} else if (!strcmp(name, "--status")) {
		if ((r->o.status = po_status_parse(v)) < 0)
			return *rc = cli_usage(a, NULL, _("--status takes draft, submitted, open, partially_received, "
						       "received, cancelled or unknown.")), -1;
	} else if (!strcmp(name, "--limit") || !strcmp(name, "--page-size")) {
		bool limit = !strcmp(name, "--limit");
		if (!cli_number(v, 1, limit ? 100000000L : 1000, &n))
			return *rc = cli_usage(a, NULL, _("%s takes a whole number%s."), name,
					       limit ? "" : _(" from 1 to 1000")), -1;
		if (limit)
			r->o.limit = n;
		else
			r->o.page_size = (int)n;
	} else if (!strcmp(name, "--trace")) {
		r->trace_path = v;
	} else if (!strcmp(name, "--passphrase-file")) {
		r->pass_file = v;
	} else if (!strcmp(name, "--passphrase-fd")) {
		if (!cli_number(v, 0, 1000000, &n))
			return *rc = cli_usage(a, NULL, _("--passphrase-fd needs a file descriptor number.")), -1;
		r->pass_fd = (int)n;
	}
	return 0;
}

/* One table cell: the server's text cleaned of control and escape
 * sequences, cut to max display columns and padded to them. */
static void cell(char *out, size_t size, const char *s, int max)
{
	char clean[256];
	size_t used = 0, n;
	str_clean(clean, sizeof(clean), s ? s : "-", strlen(s ? s : "-"));
	n = utf8_fit(clean, strlen(clean), (size_t)max, &used);
	if (n >= size)
		n = utf8_floor(clean, n, size - 1);
	memcpy(out, clean, n);
	for (; used < (size_t)max && n + 1 < size; used++)
		out[n++] = ' ';
	out[n] = 0;
}

static void table_row(const char *num, const char *sup, const char *st, const char *total, const char *cur,
		      const char *date)
{
	char c[5][128];
	cell(c[0], sizeof(c[0]), num, 14);
	cell(c[1], sizeof(c[1]), sup, 24);
	cell(c[2], sizeof(c[2]), st, 18);
	cell(c[3], sizeof(c[3]), cur, 8);
	cell(c[4], sizeof(c[4]), date, 10);
	printf("%s  %s  %s  %14s  %s  %s\n", c[0], c[1], c[2], total ? total : "-", c[3], c[4]);
}

/* The records made since the last call, in one write (a page's hundred
 * records in one write, not one each or one per stdio buffer). */
static void write_out(struct orders_run *r)
{
	if (!r->out.len)
		return;
	fwrite(r->out.data, 1, r->out.len, stdout);
	r->out.len = 0;
	if (r->mode == OUT_JSONL)
		fflush(stdout);
}

static void on_record(void *arg, const struct po *po)
{
	struct orders_run *r = arg;
	if (r->mode == OUT_TABLE) {
		if (!r->printed)
			table_row(_("NUMBER"), _("SUPPLIER"), _("STATUS"), _("TOTAL"), _("CURRENCY"), _("DATE"));
		table_row(po->number ? po->number : po->remote_id, po->supplier_name, po_status_name(po->status), po->total,
			  po->currency, po->order_date);
	} else {
		if (r->mode == OUT_JSON)
			buf_adds(&r->out, r->printed ? ",\n" : "[\n");
		po_json_add(&r->out, po, r->o.raw);
		if (r->mode == OUT_JSONL)
			buf_put(&r->out, "\n", 1);
		/* pages can follow one another within one loop turn (the next
		 * came while this one was read): memory stays flat all the same */
		if (r->out.len >= OUT_FLUSH)
			write_out(r);
	}
	r->printed++;
}


static void on_warn(void *arg, const char *text)
{
	char clean[512]; /* a warning may quote a value the server sent */
	(void)arg;
	fprintf(stderr, _("warning: %s\n"), str_clean(clean, sizeof(clean), text, strlen(text)));
}

static void on_cancel(void *arg, int signo)
{
	(void)signo;
	((struct orders_run *)arg)->cancelled = true;
}

/* Runs the read on its own loop until it ends or Ctrl-C. */
static int read_all(struct orders_run *r, const struct system *sys, const struct form *form, struct onr_error *err)
{
	const struct reader *rd_for = reader_for(sys->id);
	struct loop *l;
	struct rd *rd;
	int rc = EXIT_OK;
	if (!rd_for) {
		struct err_vars v = {.detail = sys->name};
		data_fail(err, "data.no_reader", &v, NULL);
		return err->exit;
	}
	l = loop_new();
	loop_on_signal(l, SIGINT, on_cancel, r);
	loop_on_signal(l, SIGTERM, on_cancel, r);
	rd = rd_start(l, rd_for, sys, form, &r->o, on_record, on_warn, NULL, r);
	buf_init(&r->out);
	while (!rd_done(rd) && !r->cancelled) {
		loop_once(l, 1000);
		/* a page's records out before the loop waits again (--jsonl:
		 * flushed, for a script reading as they come) */
		write_out(r);
	}
	write_out(r);
	buf_free(&r->out);
	if (!rd_done(rd)) {
		error_set(err, EXIT_CANCELLED, "", "cancelled.by_user", _("Reading was cancelled."), NULL, NULL);
		rc = EXIT_CANCELLED;
	} else if (rd_error(rd)) {
		*err = *rd_error(rd);
		rc = err->exit ? err->exit : EXIT_API;
	}
	rd_free(rd);
	loop_free(l);
	return rc;
}

static int finish_output(const struct orders_run *r, int rc, const struct onr_error *err)
{
	if (r->mode == OUT_JSON && (r->printed || rc == EXIT_OK))
		fputs(r->printed ? "\n]\n" : "[]\n", stdout);
	else if (r->mode == OUT_TABLE && rc == EXIT_OK && !r->printed)
		printf(_("No purchase orders%s.\n"), r->o.since || r->o.status >= 0 ? " match" : "");
	fflush(stdout);
	if (rc == EXIT_OK)
		return rc;
	/* JSON on stdout only when nothing else went there yet */
	print_fail(err, r->mode == OUT_JSON && !r->printed);
	return rc;
}

static int run_orders(const struct cli_args *a)
{
	struct orders_run r = {.pass_fd = -1, .o = {.status = -1}};
	struct onr_error err;
	struct catalog cat = {0};
	struct form *form = NULL;
	struct conn info;
	struct rlimit none = {0, 0};
	int rc = EXIT_OK;
	for (int i = 0; i < a->ngiven; i++)
		if (option(&r, a, a->given[i].opt->name, a->given[i].value, &rc) < 0)
			return rc;
	setrlimit(RLIMIT_CORE, &none); /* the credentials are in this process now */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	error_clear(&err);
	FILE *trace = r.trace_path ? fopen(r.trace_path, "we") : NULL;
	if (r.trace_path && !trace)
		return cli_usage(a, NULL, _("The trace file could not be created."));
	struct seal_pass pass = {.fd = r.pass_fd, .file = r.pass_file};
	if (data_open_form_one(a->pos[0], &pass, &cat, &form, &info, &err) < 0)
		rc = err.exit ? err.exit : EXIT_INPUT;
	else {
		r.o.scope = info.id;
		r.o.trace = trace;
		r.o.cafile = info.cafile && *info.cafile ? info.cafile : NULL;
		r.o.pin = info.npins ? info.pins[0] : NULL;
		r.o.plain_http = info.plain_http && *info.plain_http ? info.plain_http : NULL;
		rc = read_all(&r, form->sys, form, &err);
		form_free(form);
		conn_free(&info);
	}
	catalog_free(&cat);
	if (trace)
		fclose(trace);
	return finish_output(&r, rc, &err);
}

const struct cli_command cmd_orders_entry = {
	.name = "orders",
	.args = N_("the connection's ID"),
	.usage = N_("onramp orders ID [--json | --jsonl] [--since TIME] [--status S]\n"
		 "                 [--limit N] [--raw] [--page-size N] [--trace FILE]\n"
		 "                 [--passphrase-fd N | --passphrase-file FILE]"),
	.about = N_("Reads the connection's purchase orders live, in onramp's unified model: the\n"
		 "same fields from every system (docs/models/purchase-order.md). The default is\n"
		 "a table (number, supplier, status, total, currency, date). Needs the secret\n"
		 "key, which opens the sealed credentials (a kiosk cannot read). Warnings (an\n"
		 "unknown currency, an order sent twice) go to standard error."),
	.opts = orders_opts,
	.min_args = 1,
	.max_args = 1,
	.run = run_orders,
};
