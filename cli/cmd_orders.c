/* `onramp orders ID`: purchase orders, read live through a stored
 * connection, in the unified model (docs/models/purchase-order.md). The
 * records stream: each is printed as it arrives and then forgotten. */
#include "commands.h"
#include "catalog.h"
#include "data/errors.h"
#include "data/json.h"
#include "data/open.h"
#include "data/reader.h"
#include "report.h"
#include "util.h"
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

static const char help[] =
	"usage: onramp orders ID [--json | --jsonl] [--since TIME] [--status S] [--limit N] [--raw]\n"
	"                        [--page-size N] [--trace FILE] [--passphrase-fd N | --passphrase-file FILE]\n"
	"\n"
	"Reads the connection's purchase orders live, in onramp's unified model, the same\n"
	"fields from every system (docs/models/purchase-order.md). Needs the secret key,\n"
	"which opens the sealed credentials (a kiosk cannot read).\n"
	"\n"
	"  (default)    a table: number, supplier, status, total, currency, date\n"
	"  --json       one JSON array            --jsonl  one order a line, as it arrives\n"
	"  --since T    only orders changed since T (2026-03-01 or 2026-03-01T08:00:00Z)\n"
	"  --status S   draft, submitted, open, partially_received, received, cancelled, unknown\n"
	"  --limit N    at most N orders          --raw    add each source record (remote_data)\n"
	"\n"
	"Warnings (an unknown currency, a record sent twice) go to standard error.\n"
	"Exit codes: 0 success, 2 usage, 3 input, 4 network, 5 tls, 6 auth rejected,\n"
	"7 api or permission, 8 store or seal, 9 cancelled.\n";

enum out_mode { OUT_TABLE, OUT_JSON, OUT_JSONL };

struct orders_run {
	enum out_mode mode;
	const char *id, *trace_path, *pass_file;
	int pass_fd;
	struct rd_opts o;
	char since[40];
	long printed;
	bool cancelled;
};

static int usage(const struct orders_run *r, const char *msg)
{
	struct onr_error err;
	error_set(&err, EXIT_USAGE, "usage", "usage.invalid", msg, "See \"onramp orders --help\".", NULL);
	return report_fail(&err, r->mode != OUT_TABLE);
}

static bool number_arg(const char *s, long max, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 1 || v > max)
		return false;
	*out = v;
	return true;
}

/* One option with its value; -1 after reporting a usage error in *rc. */
static int option(struct orders_run *r, const char *a, const char *v, int *rc)
{
	long n;
	if (!strcmp(a, "--since")) {
		if (!json_date(v, false, r->since, sizeof(r->since)))
			return *rc = usage(r, "The time after --since is not a date onramp understands (2026-03-01 or "
					      "2026-03-01T08:00:00Z)."), -1;
		r->o.since = r->since;
	} else if (!strcmp(a, "--status")) {
		if ((r->o.status = po_status_parse(v)) < 0)
			return *rc = usage(r, "--status takes draft, submitted, open, partially_received, received, "
					      "cancelled or unknown."), -1;
	} else if (!strcmp(a, "--limit") || !strcmp(a, "--page-size")) {
		if (!number_arg(v, !strcmp(a, "--limit") ? 100000000L : 1000, &n))
			return *rc = usage(r, "--limit and --page-size take a whole number (page size at most 1000)."), -1;
		if (!strcmp(a, "--limit"))
			r->o.limit = n;
		else
			r->o.page_size = (int)n;
	} else if (!strcmp(a, "--trace")) {
		r->trace_path = v;
	} else if (!strcmp(a, "--passphrase-file")) {
		r->pass_file = v;
	} else if (!strcmp(a, "--passphrase-fd")) {
		if (!number_arg(v, 1000000, &n))
			return *rc = usage(r, "--passphrase-fd needs a file descriptor number."), -1;
		r->pass_fd = (int)n;
	}
	return 0;
}

static const char *const valued[] = {"--since", "--status", "--limit", "--page-size", "--trace",
				     "--passphrase-file", "--passphrase-fd", NULL};

static bool takes_value(const char *a)
{
	for (int i = 0; valued[i]; i++)
		if (!strcmp(a, valued[i]))
			return true;
	return false;
}

static int parse(struct orders_run *r, int argc, char **argv, int *rc)
{
	char msg[200];
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h"))
			return fputs(help, stdout), *rc = EXIT_OK, -1;
		if (!strcmp(a, "--json") || !strcmp(a, "--jsonl"))
			r->mode = a[6] ? OUT_JSONL : OUT_JSON;
		else if (!strcmp(a, "--raw"))
			r->o.raw = true;
		else if (takes_value(a) && i + 1 < argc) {
			if (option(r, a, argv[++i], rc) < 0)
				return -1;
		} else if (a[0] == '-' || r->id) {
			str_fmt(msg, sizeof(msg), takes_value(a) ? "The option \"%s\" needs a value." : "Unexpected \"%s\".", a);
			return *rc = usage(r, msg), -1;
		} else {
			r->id = a;
		}
	}
	if (!r->id)
		return *rc = usage(r, "Name the connection to read: onramp orders ID."), -1;
	return 0;
}

/* Width in characters of UTF-8 text, cut at max characters. */
static void cell(char *out, size_t size, const char *s, int max)
{
	int chars = 0;
	size_t i = 0;
	s = s ? s : "-";
	while (s[i] && chars < max && i + 4 < size) {
		size_t n = 1;
		while ((s[i + n] & 0xc0) == 0x80)
			n++;
		i += n;
		chars++;
	}
	memcpy(out, s, i);
	for (; chars < max && i + 1 < size; chars++)
		out[i++] = ' ';
	out[i] = 0;
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

static void on_record(void *arg, const struct po *po)
{
	struct orders_run *r = arg;
	if (r->mode == OUT_TABLE) {
		if (!r->printed)
			table_row("NUMBER", "SUPPLIER", "STATUS", "TOTAL", "CURRENCY", "DATE");
		table_row(po->number ? po->number : po->remote_id, po->supplier_name, po_status_name(po->status), po->total,
			  po->currency, po->order_date);
	} else {
		char *s = po_to_json(po, r->o.raw);
		printf("%s%s%s", r->mode == OUT_JSON ? (r->printed ? ",\n" : "[\n") : "", s ? s : "{}",
		       r->mode == OUT_JSONL ? "\n" : "");
		free(s);
	}
	r->printed++;
	if (r->mode == OUT_JSONL)
		fflush(stdout);
}

static void on_warn(void *arg, const char *text)
{
	(void)arg;
	fprintf(stderr, "warning: %s\n", text);
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
	while (!rd_done(rd) && !r->cancelled)
		loop_once(l, 1000);
	if (!rd_done(rd)) {
		error_set(err, EXIT_CANCELLED, "data", "cancelled", "Reading was cancelled.", NULL, NULL);
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
		printf("No purchase orders%s.\n", r->o.since || r->o.status >= 0 ? " match" : "");
	fflush(stdout);
	if (rc == EXIT_OK)
		return rc;
	/* JSON on stdout only when nothing else went there yet */
	report_fail(err, r->mode == OUT_JSON && !r->printed);
	return rc;
}

int cmd_orders(int argc, char **argv)
{
	struct orders_run r = {.pass_fd = -1, .o = {.status = -1}};
	struct onr_error err;
	struct catalog cat = {0};
	struct form *form = NULL;
	struct conn info;
	struct rlimit none = {0, 0};
	int rc;
	if (parse(&r, argc, argv, &rc) < 0)
		return rc;
	setrlimit(RLIMIT_CORE, &none); /* the credentials are in this process now */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	error_clear(&err);
	FILE *trace = r.trace_path ? fopen(r.trace_path, "we") : NULL;
	if (r.trace_path && !trace)
		return usage(&r, "The trace file could not be created.");
	struct seal_pass pass = {.fd = r.pass_fd, .file = r.pass_file};
	if (catalog_load_default(&cat, &err) < 0 && !cat.n)
		rc = EXIT_INPUT;
	else if (data_open_form(r.id, &pass, &cat, &form, &info, &err) < 0)
		rc = err.exit;
	else {
		r.o.scope = info.id;
		r.o.trace = trace;
		r.o.cafile = info.cafile && *info.cafile ? info.cafile : NULL;
		r.o.pin = info.npins ? info.pins[0] : NULL;
		rc = read_all(&r, form->sys, form, &err);
		form_free(form);
		conn_free(&info);
	}
	catalog_free(&cat);
	if (trace)
		fclose(trace);
	return finish_output(&r, rc, &err);
}
