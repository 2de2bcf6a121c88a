/* report_json.c: see report_json.h. */
#include "report_json.h"

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
