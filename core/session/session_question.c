/* session_question.c: the session's next question (rclone-style), so a
 * script or a line-mode prompt can drive any system's form without
 * knowing its fields: `connect --non-interactive --json` prints it. */
#include "session_impl.h"

int session_question(const struct session *s, const char **problem)
{
	const struct onr_error *e = session_error(s);
	int i;
	*problem = "";
	if (!s->form || !s->failed)
		return -1;
	if (s->step == SESSION_FORM) {
		i = form_first_problem(s->form);
		/* an empty required field is a question, not a complaint */
		if (i >= 0 && s->form->f[i].value.len)
			*problem = s->form->f[i].problem;
		return i;
	}
	i = e->field[0] ? system_field_index(s->sys, e->field) : -1;
	if (i >= 0)
		*problem = e->message;
	return i;
}

static const char *kind_name(enum field_kind k)
{
	return k == FIELD_URL ? "url" : k == FIELD_NUMBER ? "number" : k == FIELD_EMAIL ? "email" : "text";
}

static cJSON *field_json(const struct field *f, const char *problem)
{
	cJSON *q = cJSON_CreateObject();
	cJSON_AddStringToObject(q, "field", f->key);
	cJSON_AddStringToObject(q, "label", f->label);
	cJSON_AddStringToObject(q, "help", f->help);
	cJSON_AddStringToObject(q, "kind", kind_name(f->kind));
	cJSON_AddBoolToObject(q, "required", f->required);
	cJSON_AddBoolToObject(q, "secret", f->secret);
	cJSON_AddStringToObject(q, "default", f->def);
	cJSON_AddStringToObject(q, "placeholder", f->placeholder);
	cJSON_AddStringToObject(q, "answer_with", f->secret ? "--secret KEY=@FILE or --secret KEY=-" : "--field KEY=VALUE");
	if (*problem)
		cJSON_AddStringToObject(q, "error", problem);
	else
		cJSON_AddNullToObject(q, "error");
	return q;
}

cJSON *session_question_json(const struct session *s)
{
	const char *problem;
	int i = session_question(s, &problem);
	cJSON *j, *answered;
	if (i < 0)
		return NULL;
	j = cJSON_CreateObject();
	answered = cJSON_CreateArray();
	for (size_t k = 0; k < s->form->n; k++)
		if (s->form->f[k].value.len && (int)k != i)
			cJSON_AddItemToArray(answered, cJSON_CreateString(s->form->f[k].def->key));
	cJSON_AddBoolToObject(j, "ok", false);
	cJSON_AddStringToObject(j, "system", s->sys->id);
	cJSON_AddItemToObject(j, "question", field_json(s->form->f[i].def, problem));
	cJSON_AddItemToObject(j, "answered", answered);
	return j;
}
