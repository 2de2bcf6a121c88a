/* print.c: see print.h. */
#include "print.h"
#include "i18n.h"
#include "report_json.h"
#include "util.h"
#include "utf8.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void print_padded(FILE *f, const char *text, int cols, bool right)
{
	int pad = cols - (int)utf8_width(text, strlen(text));
	if (right)
		fprintf(f, "%*s%s", pad > 0 ? pad : 0, "", text);
	else
		fprintf(f, "%s%*s", text, pad > 0 ? pad : 0, "");
}

void print_head(FILE *f, const struct print_col *c)
{
	for (; c->title; c++) {
		print_padded(f, _(c->title), c[1].title ? c->width : 0, c->right);
		fprintf(f, "%*s", c[1].title ? c->gap : 0, "");
	}
	fputc('\n', f);
}

void print_stage_line(FILE *f, const struct probe *p, enum stage_id id)
{
	const struct stage *s = probe_stage(p, id);
	static const char *const marks[] = {"  ", "..", "ok", "FAILED", "skipped"};
	if (s->status == STAGE_SKIPPED && !s->detail[0])
		return;
	int width = 18; /* as wide as the longest title in this language */
	for (int i = 0; i < STAGE_COUNT; i++) {
		int w = (int)utf8_width(stage_title((enum stage_id)i), strlen(stage_title((enum stage_id)i)));
		width = w > width ? w : width;
	}
	fprintf(f, "  %-7s ", marks[s->status]);
	print_padded(f, stage_title(id), width, false); /* "Prüfen" is 6 columns, 7 bytes */
	if (s->status == STAGE_OK || s->status == STAGE_FAILED)
		fprintf(f, _(" %5ld ms"), s->ms);
	else
		fprintf(f, "         ");
	fprintf(f, "  %s\n", s->detail);
}

void print_tls_text(FILE *f, const struct probe *p)
{
	const struct tls_info *t = probe_tls(p);
	if (probe_ok(p) || !t->have)
		return;
	fprintf(f, _("\nThe server's certificate:\n  subject:  %s\n  issuer:   %s\n  valid:    %s to %s\n  SHA-256:  %s\n"
		   "  pin:      %s\n"),
		t->subject, t->issuer, t->start, t->expire, t->sha256, t->pin);
	if (probe_can_pin(p))
		fprintf(f, _("After checking this pin with your IT team, trust exactly this certificate with\n"
			   "  --pin %s\nor name the company CA file with --cafile FILE.\n"), t->pin);
}

/* The terminal's width when f is one, else 0 (a file or a pipe gets
 * whole lines, for scripts). */
static int columns(FILE *f)
{
	struct winsize ws;
	if (!isatty(fileno(f)) || ioctl(fileno(f), TIOCGWINSZ, &ws) != 0 || ws.ws_col < 20)
		return 0;
	return ws.ws_col;
}

void print_wrapped(FILE *f, const char *indent, const char *text)
{
	int width = columns(f), used = 0, ind = (int)strlen(indent);
	bool first = true;
	fputs(indent, f);
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, " \n");
		int w = (int)utf8_width(p, n);
		if (!first && width && used + 1 + w > width - ind - 1) {
			fprintf(f, "\n%s", indent);
			used = 0;
		} else if (!first) {
			fputc(' ', f);
			used++;
		}
		fwrite(p, 1, n, f);
		used += w;
		first = false;
		p += n;
		if (*p == '\n') {
			fprintf(f, "\n%s", indent);
			used = 0;
			first = true;
		}
		while (*p == ' ' || *p == '\n')
			p++;
	}
	fputc('\n', f);
}

void print_error_text(FILE *f, const struct onr_error *err)
{
	fputc('\n', f);
	print_wrapped(f, "", err->message);
	print_wrapped(f, "", err->hint);
	if (err->field[0])
		fprintf(f, _("Field to check: %s\n"), err->field);
	if (err->tech[0])
		fprintf(f, _("(%s; code %s)\n"), err->tech, err->code);
	else
		fprintf(f, _("(code %s)\n"), err->code);
}

void print_json_secret(cJSON *j, cJSON *secret)
{
	char *out = cJSON_Print(j);
	if (out) {
		fputs(out, stdout);
		fputc('\n', stdout);
		fflush(stdout);
		sodium_memzero(out, strlen(out));
		free(out);
	}
	if (secret && secret->valuestring)
		sodium_memzero(secret->valuestring, strlen(secret->valuestring));
	cJSON_Delete(j);
}

void print_json(cJSON *j)
{
	char *s = cJSON_Print(j);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		fflush(stdout);
	}
	free(s);
	cJSON_Delete(j);
}

int print_fail(const struct onr_error *err, bool json)
{
	if (json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddBoolToObject(j, "ok", false);
		cJSON_AddItemToObject(j, "error", report_error_json(err));
		print_json(j);
	} else {
		print_error_text(stderr, err);
	}
	return err->exit ? err->exit : EXIT_INPUT;
}
