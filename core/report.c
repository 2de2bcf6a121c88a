#include "report.h"
#include "util.h"
#include <stdlib.h>

void report_stage_line(FILE *f, const struct probe *p, enum stage_id id)
{
	const struct stage *s = probe_stage(p, id);
	static const char *const marks[] = {"  ", "..", "ok", "FAILED", "skipped"};
	if (s->status == STAGE_SKIPPED && !s->detail[0])
		return;
	fprintf(f, "  %-7s %-18s", marks[s->status], stage_title(id));
	if (s->status == STAGE_OK || s->status == STAGE_FAILED)
		fprintf(f, " %5ld ms", s->ms);
	else
		fprintf(f, "         ");
	fprintf(f, "  %s\n", s->detail);
}

void report_tls_text(FILE *f, const struct probe *p)
{
	const struct tls_info *t = probe_tls(p);
	if (probe_ok(p) || !t->have)
		return;
	fprintf(f, "\nThe server's certificate:\n  subject:  %s\n  issuer:   %s\n  valid:    %s to %s\n  pin:      %s\n",
		t->subject, t->issuer, t->start, t->expire, t->pin);
	if (probe_can_pin(p))
		fprintf(f, "After checking this pin with your IT team, trust exactly this certificate with\n"
			   "  --pin %s\nor name the company CA file with --cafile FILE.\n", t->pin);
}

void report_error_text(FILE *f, const struct onr_error *err)
{
	fprintf(f, "\n%s\n%s\n", err->message, err->hint);
	if (err->field[0])
		fprintf(f, "Field to check: %s\n", err->field);
	if (err->tech[0])
		fprintf(f, "(%s; code %s)\n", err->tech, err->code);
	else
		fprintf(f, "(code %s)\n", err->code);
}

cJSON *report_error_json(const struct onr_error *err)
{
	cJSON *e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "stage", err->stage);
	cJSON_AddStringToObject(e, "code", err->code);
	cJSON_AddStringToObject(e, "message", err->message);
	cJSON_AddStringToObject(e, "hint", err->hint);
	if (err->field[0])
		cJSON_AddStringToObject(e, "field", err->field);
	else
		cJSON_AddNullToObject(e, "field");
	cJSON_AddStringToObject(e, "detail", err->tech);
	return e;
}

cJSON *report_probe_json(const struct probe *p, const char *system_id)
{
	cJSON *j = cJSON_CreateObject(), *stages = cJSON_CreateArray();
	cJSON_AddBoolToObject(j, "ok", probe_ok(p));
	cJSON_AddStringToObject(j, "system", system_id);
	for (int i = 0; i < STAGE_COUNT; i++) {
		const struct stage *s = probe_stage(p, (enum stage_id)i);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", stage_name((enum stage_id)i));
		cJSON_AddStringToObject(o, "status", stage_status_name(s->status));
		cJSON_AddNumberToObject(o, "ms", (double)s->ms);
		cJSON_AddStringToObject(o, "detail", s->detail);
		cJSON_AddItemToArray(stages, o);
	}
	cJSON_AddItemToObject(j, "stages", stages);
	cJSON_AddBoolToObject(j, "verified", probe_verified(p));
	if (probe_identity(p)[0])
		cJSON_AddStringToObject(j, "identity", probe_identity(p));
	const struct tls_info *t = probe_tls(p);
	if (t->have) {
		cJSON *o = cJSON_AddObjectToObject(j, "tls");
		cJSON_AddStringToObject(o, "version", t->version);
		cJSON_AddStringToObject(o, "subject", t->subject);
		cJSON_AddStringToObject(o, "issuer", t->issuer);
		cJSON_AddStringToObject(o, "not_before", t->start);
		cJSON_AddStringToObject(o, "not_after", t->expire);
		cJSON_AddStringToObject(o, "pin", t->pin);
		cJSON_AddBoolToObject(o, "can_pin", probe_can_pin(p));
	}
	if (!probe_ok(p))
		cJSON_AddItemToObject(j, "error", report_error_json(probe_error(p)));
	return j;
}

void report_print_json(cJSON *j)
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

int report_fail(const struct onr_error *err, bool json)
{
	if (json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddBoolToObject(j, "ok", false);
		cJSON_AddItemToObject(j, "error", report_error_json(err));
		report_print_json(j);
	} else {
		report_error_text(stderr, err);
	}
	return err->exit ? err->exit : EXIT_INPUT;
}
