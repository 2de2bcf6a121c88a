/* session_store.c: seal and store, the last step of a connect session;
 * and the re-check of a stored connection, which seals again what the
 * check changed (a rotated refresh token). Another onramp may hold the
 * store's lock: the session then waits inside the event loop, retrying on
 * a timer, so a screen keeps drawing and Esc keeps working. */
#include "session_impl.h"
#include "lifecycle.h"
#include "result_file.h"
#include "util.h"
#include "data/preview.h"
#include "sender.h"
#include <cJSON.h>
#include <sodium.h>
#include <string.h>

#define LOCK_WAIT_MS 15000 /* as long as a command without a loop waits */
#define LOCK_RETRY_MS 50

void session_store_stop(struct session *s)
{
	if (s->lock_timer)
		loop_cancel(s->loop, s->lock_timer);
	s->lock_timer = 0;
}

bool session_waiting_for_lock(const struct session *s)
{
	return s->step == SESSION_STORE && s->lock_timer != 0;
}

/* The address the check sent the credentials to over plain http by the
 * user's yes, kept with the connection; NULL when there was none. */
static const char *plain_yes(const struct session *s)
{
	return s->probe && probe_plain_http(s->probe) ? probe_origin(s->probe) : NULL;
}

/* One try: a new connection, or the re-checked one sealed again. */
static int store_once(struct session *s, struct onr_error *err)
{
	long patience = store_lock_patience(0); /* the wait is in the loop */
	int rc;
	if (s->recheck_id[0]) {
		rc = connect_reseal(s->form, s->recheck_id, plain_yes(s), err);
	} else if (s->o.invite) { /* sealed to the platform, into the outbox: no token here */
		memset(&s->result, 0, sizeof(s->result));
		secbuf_init(&s->result.token, 1);
		rc = kiosk_prepare(s->form, s->o.invite, s->popts.pin, plain_yes(s), s->result.id, err);
		s->have_result = rc == 0;
		if (rc < 0)
			connect_result_free(&s->result);
	} else {
		rc = connect_store(s->form, s->popts.pin, s->popts.cafile, plain_yes(s), &s->result, err);
		if (rc < 0)
			connect_result_free(&s->result);
		s->have_result = rc == 0;
	}
	store_lock_patience(patience);
	return rc;
}

static void session_changed_cb(void *arg)
{
	session_changed(arg);
}

int session_delivery(const struct session *s, char *why, size_t whylen)
{
	if (!s->o.invite || !s->have_result)
		return -1;
	if (s->relayed)
		return SEND_DELIVERED;
	return s->sender ? (int)sender_state(s->sender, s->result.id, why, whylen) : SEND_WAITING;
}

static void preview_done(void *arg)
{
	session_changed(arg);
}

static void stored(struct session *s)
{
	if (s->o.invite) {
		if (!s->sender)
			s->sender = sender_new(s->loop, session_changed_cb, s);
		sender_kick(s->sender);
		form_reset(s->form);
	} else if (!s->recheck_id[0]) {
		result_write_ok(s->o.result_fd, s->sys->id, s->result.id, s->result.token.p);
		s->result_sent = s->o.result_fd >= 0;
		if (s->o.preview) /* it copies the credentials first: the wipe below leaves its read alone */
			s->preview = data_preview_start(s->loop, s->sys, s->form, s->popts.pin, s->popts.cafile, plain_yes(s),
							preview_done, s);
		form_reset(s->form); /* the typed secrets are sealed: wipe them now */
	}
	s->step = SESSION_RESULT;
	session_changed(s);
}

static void try_store(void *arg)
{
	struct session *s = arg;
	struct onr_error err;
	s->lock_timer = 0;
	if (store_once(s, &err) == 0) {
		stored(s);
	} else if (!strcmp(err.code, "store.busy") && now_ms() < s->lock_deadline) {
		s->lock_timer = loop_after(s->loop, LOCK_RETRY_MS, try_store, s);
		session_changed(s); /* "waiting for another onramp" */
	} else {
		session_fail(s, SESSION_STORE, &err);
	}
}

void session_store_begin(struct session *s)
{
	s->step = SESSION_STORE;
	s->lock_deadline = now_ms() + (s->o.lock_wait_ms > 0 ? s->o.lock_wait_ms : LOCK_WAIT_MS);
	try_store(s);
}

void session_prefill(struct session *s, const char *public_json)
{
	cJSON *j = cJSON_Parse(public_json ? public_json : "{}"), *it;
	const struct field *f;
	cJSON_ArrayForEach(it, j)
		if (cJSON_IsString(it) && (f = system_field(s->sys, it->string)) && !f->secret)
			form_set(s->form, it->string, it->valuestring);
	cJSON_Delete(j);
	form_focus_first_empty(s->form);
}

/* Secrets go from the opened box into the form; cJSON's copies of them
 * are wiped before it frees them. */
static void fill_secrets(struct form *f, unsigned char *secret, size_t len)
{
	cJSON *j = cJSON_ParseWithLength((const char *)secret, len), *it;
	cJSON_ArrayForEach(it, j) {
		if (cJSON_IsString(it) && system_field(f->sys, it->string)) {
			form_set(f, it->string, it->valuestring);
			sodium_memzero(it->valuestring, strlen(it->valuestring));
		}
	}
	cJSON_Delete(j);
}

bool session_recheck(struct session *s, const struct system *sys, const char *id)
{
	struct conn info;
	struct seal_pass none = {.fd = -1};
	unsigned char *secret = NULL;
	size_t len = 0;
	session_close(s);
	if (lifecycle_open(id, &none, &secret, &len, &info, &s->err) < 0) {
		session_fail(s, SESSION_CHOOSE, NULL); /* e.g. a kiosk has no secret key */
		return false;
	}
	s->sys = sys;
	s->form = form_new(sys);
	session_prefill(s, info.public_json);
	fill_secrets(s->form, secret, len);
	sodium_free(secret);
	str_copy(s->recheck_id, sizeof(s->recheck_id), id);
	if (info.npins)
		str_copy(s->pin, sizeof(s->pin), info.pins[0]);
	str_copy(s->cafile, sizeof(s->cafile), info.cafile);
	session_keep_plain_http(s, info.plain_http);
	conn_free(&info);
	session_submit(s);
	return true;
}
