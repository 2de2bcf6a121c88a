/* session_oauth.c: the browser sign-in step (systems whose method is
 * oauth2_code): the sign-in address, then the browser's answer on the
 * loopback listener or a pasted address, then the checks with the code.
 * A code works once, so every check after the first starts a new
 * sign-in. */
#include "session_impl.h"
#include "device_flow.h"
#include "invite.h"
#include "relay_flow.h"
#include "oauth_flow.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

void session_oauth_drop(struct session *s)
{
	if (s->relay) {
		relay_flow_end(s->relay);
		free(s->relay);
		s->relay = NULL;
	}
	if (s->device) {
		device_flow_end(s->device);
		free(s->device);
		s->device = NULL;
	}
	if (!s->oauth)
		return;
	oauth_flow_end(s->oauth);
	free(s->oauth);
	s->oauth = NULL;
}

bool session_oauth_needed(const struct session *s)
{
	if (!oauth_needs_browser(s->form))
		return false;
	return !(s->oauth && s->oauth->have_code && !s->oauth_used);
}

const struct oauth_grant *session_oauth_grant(const struct session *s)
{
	return s->oauth && s->oauth->have_code ? &s->oauth->grant : NULL;
}

const struct oauth_flow *session_oauth(const struct session *s)
{
	return s->oauth;
}

const struct device_flow *session_device(const struct session *s)
{
	return s->device;
}

/* The sign-in on the phone moved on: the code to show, tokens, or why not. */
static void on_device(void *arg)
{
	struct session *s = arg;
	if (s->step != SESSION_SIGN_IN)
		return;
	if (s->device->state == DEVICE_DONE)
		session_start_probe(s); /* the refresh token is in the form now */
	else if (s->device->state == DEVICE_FAILED)
		session_fail(s, SESSION_SIGN_IN, &s->device->err);
	else
		session_changed(s);
}

const struct relay_flow *session_relay(const struct session *s)
{
	return s->relay;
}

bool session_relays(const struct session *s)
{
	return s->o.invite && s->o.invite->relay && s->sys && !strcmp(s->sys->auth.method, "oauth2_code") &&
	       !device_flow_supported(s->sys);
}

/* The platform made the connection, or the relay failed. */
static void on_relay(void *arg)
{
	struct session *s = arg;
	if (s->step != SESSION_SIGN_IN)
		return;
	if (s->relay->state == RELAY_CONNECTED) {
		memset(&s->result, 0, sizeof(s->result));
		secbuf_init(&s->result.token, 1);
		str_copy(s->result.id, sizeof(s->result.id), s->relay->conn_id);
		s->have_result = s->relayed = true;
		form_reset(s->form);
		s->step = SESSION_RESULT;
		session_changed(s);
	} else if (s->relay->state == RELAY_FAILED) {
		session_fail(s, SESSION_SIGN_IN, &s->relay->err);
	} else {
		session_changed(s);
	}
}

static void device_begin(struct session *s)
{
	s->device = xcalloc(1, sizeof(*s->device));
	s->step = SESSION_SIGN_IN;
	if (device_flow_begin(s->device, s->sys, s->form, s->loop, on_device, s, &s->err) < 0) {
		free(s->device);
		s->device = NULL;
		session_fail(s, SESSION_SIGN_IN, NULL);
		return;
	}
	session_changed(s);
}

/* The listener got an answer, or the user pasted one. */
static void on_answer(void *arg)
{
	struct session *s = arg;
	if (s->step != SESSION_SIGN_IN || !s->oauth->have_code) {
		session_changed(s); /* the problem is in the flow */
		return;
	}
	s->oauth_used = false;
	session_start_probe(s);
}

void session_oauth_begin(struct session *s)
{
	session_stop(s); /* a probe may point at the old code */
	session_oauth_drop(s);
	if (device_flow_supported(s->sys)) {
		device_begin(s);
		return;
	}
	if (session_relays(s)) {
		s->relay = xcalloc(1, sizeof(*s->relay));
		s->relayed = false;
		s->step = SESSION_SIGN_IN;
		relay_flow_begin(s->relay, s->o.invite, s->form, s->loop, on_relay, s, &s->err);
		session_changed(s);
		return;
	}
	s->oauth = xcalloc(1, sizeof(*s->oauth));
	s->oauth_used = false;
	s->step = SESSION_SIGN_IN;
	if (oauth_flow_begin(s->oauth, s->sys, s->form, s->loop, on_answer, s, &s->err) < 0) {
		free(s->oauth);
		s->oauth = NULL;
		session_fail(s, SESSION_SIGN_IN, NULL);
		return;
	}
	session_changed(s);
}

bool session_paste(struct session *s, const char *text, size_t len)
{
	if (!s->oauth || s->step != SESSION_SIGN_IN)
		return false;
	if (oauth_flow_paste(s->oauth, text, len)) {
		on_answer(s);
		return true;
	}
	session_changed(s);
	return false;
}
