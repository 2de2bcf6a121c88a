/* wizard_manage.c: the start screen and "Manage connections": list,
 * re-check, disconnect (after a plain-words confirmation), reconnect and
 * purge, all through core/lifecycle.c. */
#include "wizard.h"
#include "util.h"
#include <cJSON.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void manage_refresh_credits(struct wizard *w)
{
	struct onr_error err;
	if (lifecycle_credits(&w->credits_used, &w->credits_pool, &err) < 0)
		w->credits_used = w->credits_pool = 0;
}

static void banner(struct wizard *w, bool ok, const char *msg, const char *hint)
{
	w->banner_ok = ok;
	str_copy(w->banner, sizeof(w->banner), msg);
	str_copy(w->banner_hint, sizeof(w->banner_hint), hint);
}

static void reload(struct wizard *w)
{
	struct onr_error err;
	if (w->have_conns)
		conn_list_free(&w->conns);
	memset(&w->conns, 0, sizeof(w->conns));
	w->have_conns = lifecycle_list(&w->conns, &err) == 0;
	if (!w->have_conns)
		banner(w, false, err.message, err.hint);
	else if (w->conns.damage.exit)
		banner(w, false, w->conns.damage.message, w->conns.damage.hint);
	if (w->conn_sel >= w->conns.n)
		w->conn_sel = w->conns.n ? w->conns.n - 1 : 0;
	manage_refresh_credits(w);
}

void manage_open(struct wizard *w)
{
	w->banner[0] = 0;
	reload(w);
	w->screen = SCR_CONNS;
	w->dirty = true;
}

void manage_close(struct wizard *w)
{
	if (w->have_conns)
		conn_list_free(&w->conns);
	w->have_conns = false;
}

const struct conn *manage_selected(const struct wizard *w)
{
	return w->have_conns && w->conn_sel < w->conns.n ? &w->conns.v[w->conn_sel] : NULL;
}

/* Fills a form from a stored connection's public fields. */
static void prefill(struct form *f, const char *public_json)
{
	cJSON *j = cJSON_Parse(public_json ? public_json : "{}"), *it;
	cJSON_ArrayForEach(it, j)
		if (cJSON_IsString(it) && !system_field(f->sys, it->string)->secret)
			form_set(f, it->string, it->valuestring);
	cJSON_Delete(j);
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

static void recheck(struct wizard *w, const struct conn *c)
{
	struct onr_error err;
	unsigned char *secret = NULL;
	size_t len = 0;
	struct seal_pass none = {.fd = -1};
	const struct system *sys = catalog_find(w->cat, c->system);
	if (!sys) {
		banner(w, false, "This connection's system is no longer in the catalog.", "Update onramp, or disconnect it.");
		return;
	}
	if (lifecycle_open(c->id, &none, &secret, &len, NULL, &err) < 0) {
		banner(w, false, err.message, err.hint); /* e.g. a kiosk has no secret key */
		return;
	}
	probe_free(w->probe);
	form_free(w->form);
	w->sys = sys;
	w->form = form_new(sys);
	prefill(w->form, c->public_json);
	fill_secrets(w->form, secret, len);
	sodium_free(secret);
	str_copy(w->recheck_id, sizeof(w->recheck_id), c->id);
	w->opts.pin = c->npins ? c->pins[0] : NULL;
	w->opts.cafile = c->cafile && *c->cafile ? c->cafile : NULL;
	w->screen = SCR_PROBE;
	w->probe = probe_start(w->loop, sys, w->form, &w->opts, wizard_probe_changed, w);
}

void manage_recheck_done(struct wizard *w)
{
	struct onr_error err;
	char msg[256];
	if (probe_ok(w->probe)) {
		lifecycle_mark_checked(w->recheck_id, &err);
		str_fmt(msg, sizeof(msg), "Re-check of %s passed: the connection works.", w->recheck_id);
		banner(w, true, msg, probe_stage(w->probe, STAGE_AUTH)->detail);
	} else {
		banner(w, false, probe_error(w->probe)->message, probe_error(w->probe)->hint);
	}
	w->recheck_id[0] = 0;
	w->opts.pin = w->opts.cafile = NULL;
	form_free(w->form); /* wipes the opened secrets */
	w->form = NULL;
	reload(w);
	w->screen = SCR_CONNS;
}

/* Reconnect: the same system's form, prefilled from the old public
 * fields; success makes a new connection, the old one stays as it is. */
static void reconnect(struct wizard *w, const struct conn *c)
{
	const struct system *sys = catalog_find(w->cat, c->system);
	if (!sys) {
		banner(w, false, "This connection's system is no longer in the catalog.", "Update onramp to reconnect it.");
		return;
	}
	probe_free(w->probe);
	w->probe = NULL;
	form_free(w->form);
	w->sys = sys;
	w->form = form_new(sys);
	prefill(w->form, c->public_json);
	form_focus_first_empty(w->form);
	w->screen = SCR_FORM;
}

static void confirmed(struct wizard *w)
{
	const struct conn *c = manage_selected(w);
	struct onr_error err;
	char msg[256];
	int freed = 0;
	if (!c)
		return;
	if (w->confirm == ACT_DISCONNECT && lifecycle_disconnect(c->id, &freed, &err) == 0) {
		str_fmt(msg, sizeof(msg), "%s is disconnected; %d credit%s returned.", c->id, freed, freed == 1 ? "" : "s");
		banner(w, true, msg, "Its token no longer works and its syncs are stopped. Synced data is kept until you purge it.");
	} else if (w->confirm == ACT_PURGE && lifecycle_purge(c->id, &err) == 0) {
		str_fmt(msg, sizeof(msg), "The history of %s is deleted.", c->id);
		banner(w, true, msg, "");
	} else {
		banner(w, false, err.message, err.hint);
	}
	reload(w);
}

void manage_act(struct wizard *w, enum action a)
{
	const struct conn *c = manage_selected(w);
	w->dirty = true;
	if (w->screen == SCR_CONFIRM) {
		if (a == ACT_YES)
			confirmed(w);
		w->confirm = 0;
		w->screen = SCR_CONNS;
		return;
	}
	switch (a) {
	case ACT_UP:
		if (w->conn_sel > 0)
			w->conn_sel--;
		break;
	case ACT_DOWN:
		if (w->conn_sel + 1 < w->conns.n)
			w->conn_sel++;
		break;
	case ACT_RECHECK:
		if (c && c->status == CONN_ACTIVE)
			recheck(w, c);
		break;
	case ACT_DISCONNECT:
		if (c && c->status == CONN_ACTIVE)
			w->confirm = ACT_DISCONNECT, w->screen = SCR_CONFIRM;
		break;
	case ACT_PURGE:
		if (c && c->status == CONN_DISCONNECTED)
			w->confirm = ACT_PURGE, w->screen = SCR_CONFIRM;
		else if (c)
			banner(w, false, "An active connection cannot be purged.", "Disconnect it first; then its history can be deleted.");
		break;
	case ACT_RECONNECT:
		if (c)
			reconnect(w, c);
		break;
	case ACT_BACK:
		manage_close(w);
		w->screen = SCR_START;
		break;
	default:
		break;
	}
}
