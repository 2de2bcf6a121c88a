/* wizard_manage.c: the start screen and "Manage connections": list,
 * re-check (a connect session on the stored credentials), a new token,
 * disconnect (after a plain-words confirmation), reconnect and purge, all
 * through core/store/lifecycle.c. */
#include "manage.h"
#include "i18n.h"
#include "session/account.h"
#include "util.h"
#include <string.h>

void manage_refresh_credits(struct wizard *w)
{
	struct onr_error err;
	if (lifecycle_credits(&w->credits_used, &w->credits_pool, &err) < 0)
		w->credits_used = w->credits_pool = 0;
}

/* The list again from the store, the highlight kept on the same
 * connection when it is still there. */
void manage_reload(struct wizard *w)
{
	struct onr_error err;
	char keep[16] = "";
	if (manage_selected(w))
		str_copy(keep, sizeof(keep), manage_selected(w)->id);
	if (w->have_conns)
		conn_list_free(&w->conns);
	memset(&w->conns, 0, sizeof(w->conns));
	w->have_conns = lifecycle_list(&w->conns, &err) == 0;
	if (!w->have_conns)
		manage_set_banner(w, false, err.message, err.hint);
	else if (w->conns.damage.exit)
		manage_set_banner(w, false, w->conns.damage.message, w->conns.damage.hint);
	for (size_t i = 0; *keep && i < w->conns.n; i++)
		if (!strcmp(w->conns.v[i].id, keep))
			w->conn_sel = i;
	if (w->conn_sel >= w->conns.n)
		w->conn_sel = w->conns.n ? w->conns.n - 1 : 0;
	if (w->have_conns) { /* the list read the credits: no second open */
		w->credits_used = w->conns.used;
		w->credits_pool = w->conns.pool;
	} else {
		manage_refresh_credits(w);
	}
	manage_detail_load(w);
}

void manage_open(struct wizard *w)
{
	w->banner[0] = 0;
	manage_reload(w);
	w->screen = SCR_CONNS;
	w->dirty = true;
}

static void leave(struct wizard *w)
{
	if (w->have_conns)
		conn_list_free(&w->conns);
	w->have_conns = false;
}

void manage_close(struct wizard *w)
{
	leave(w);
	manage_detail_free(w); /* a sync still running is stopped */
}

const struct conn *manage_selected(const struct wizard *w)
{
	return w->have_conns && w->conn_sel < w->conns.n ? &w->conns.v[w->conn_sel] : NULL;
}

static void recheck(struct wizard *w, const struct conn *c)
{
	const struct system *sys = catalog_find(w->cat, c->system);
	if (!sys) {
		manage_set_banner(w, false, _("This connection's system is no longer in the catalog."), _("Update onramp, or disconnect it."));
		return;
	}
	w->rechecking = true;
	w->screen = SCR_PROBE;
	session_recheck(&w->s, sys, c->id); /* its failure to start ends like any re-check */
}

/* A re-check that stopped at plain http (a connection kept without a yes,
 * by an older onramp): the wizard's question first; a yes checks again
 * and is kept with the connection when the check passes. */
static bool ask_plain(struct wizard *w)
{
	const struct session *s = &w->s;
	if (session_step(s) == SESSION_RESULT || !session_plain_http_host(s)[0] || w->o.kiosk)
		return false;
	w->screen = SCR_PLAIN;
	w->dirty = true;
	return true;
}

void manage_recheck_done(struct wizard *w)
{
	if (!ask_plain(w))
		manage_recheck_end(w);
}

void manage_recheck_end(struct wizard *w)
{
	const struct session *s = &w->s;
	char msg[256];
	if (session_step(s) == SESSION_RESULT) {
		str_fmt(msg, sizeof(msg), _("Re-check of %s passed: the connection works."), session_recheck_id(s));
		manage_set_banner(w, true, msg, probe_stage(session_probe(s), STAGE_AUTH)->detail);
	} else {
		manage_set_banner(w, false, session_error(s)->message, session_error(s)->hint);
	}
	w->rechecking = false;
	session_close(&w->s); /* wipes the opened secrets */
	manage_reload(w);
	w->screen = SCR_CONNS;
	w->dirty = true;
}

/* Reconnect: the same system's form, prefilled from the old public
 * fields; success makes a new connection, the old one stays as it is. */
static void reconnect(struct wizard *w, const struct conn *c)
{
	const struct system *sys = catalog_find(w->cat, c->system);
	if (!sys) {
		manage_set_banner(w, false, _("This connection's system is no longer in the catalog."), _("Update onramp to reconnect it."));
		return;
	}
	session_close(&w->s);
	if (!session_choose(&w->s, sys)) {
		manage_set_banner(w, false, session_error(&w->s)->message, session_error(&w->s)->hint);
		return;
	}
	session_prefill(&w->s, c->public_json);
	session_keep_plain_http(&w->s, c->plain_http); /* for the same address only */
	w->screen = SCR_FORM;
	w->from_manage = true;
}

/* A new token for c (issue 11 item 3: a lost token is not a reconnect and
 * a second connection's credits): the old one stops working with the
 * same commit, and the new one is shown once, whole (SCR_TOKEN). */
static void rotate(struct wizard *w, const struct conn *c)
{
	struct onr_error err;
	char label[256];
	secbuf_clear(&w->new_token);
	if (lifecycle_token_rotate(c->id, w->new_token.p, &err) != 0) {
		secbuf_clear(&w->new_token);
		manage_set_banner(w, false, err.message, err.hint);
		return;
	}
	w->new_token.len = strlen(w->new_token.p);
	conn_label(c, catalog_find(w->cat, c->system), label, sizeof(label));
	str_fmt(w->new_token_for, sizeof(w->new_token_for), "%s, %s", c->id, label);
	w->copied = false;
	w->screen = SCR_TOKEN;
}

void manage_token_done(struct wizard *w)
{
	char msg[256];
	str_fmt(msg, sizeof(msg), _("%s has a new API token; the old one no longer works."), w->new_token_for);
	secbuf_clear(&w->new_token); /* wipes */
	manage_reload(w);
	w->screen = SCR_CONNS;
	w->dirty = true;
	manage_set_banner(w, true, msg, _("Only its hash is kept: if this token is lost too, t makes another."));
}

static void confirmed(struct wizard *w)
{
	const struct conn *c = manage_selected(w);
	struct onr_error err;
	char msg[256];
	int freed = 0;
	if (!c)
		return;
	if (w->confirm == ACT_ROTATE) {
		rotate(w, c);
		return;
	}
	if (w->confirm == ACT_DISCONNECT && lifecycle_disconnect(c->id, &freed, &err) == 0) {
		str_fmt(msg, sizeof(msg), NG_("%s is disconnected; %d credit returned.", "%s is disconnected; %d credits returned.", freed), c->id, freed);
		manage_set_banner(w, true, msg, _("Its token no longer works and its syncs are stopped. Synced data is kept until you purge it."));
	} else if (w->confirm == ACT_PURGE && lifecycle_purge(c->id, &err) == 0) {
		str_fmt(msg, sizeof(msg), _("The history of %s is deleted."), c->id);
		manage_set_banner(w, true, msg, "");
	} else {
		manage_set_banner(w, false, err.message, err.hint);
	}
	manage_reload(w);
}

void confirm_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	(void)text;
	(void)len;
	w->dirty = true;
	w->screen = SCR_CONNS;
	if (a == ACT_YES)
		confirmed(w); /* a new token shows on its own screen */
	w->confirm = 0;
}

static void move_sel(struct wizard *w, int by)
{
	size_t was = w->conn_sel;
	if (by < 0 && w->conn_sel > 0)
		w->conn_sel--;
	else if (by > 0 && w->conn_sel + 1 < w->conns.n)
		w->conn_sel++;
	if (w->conn_sel != was)
		manage_detail_load(w);
}

void conns_act(struct wizard *w, enum action a, const char *text, size_t len)
{
	const struct conn *c = manage_selected(w);
	(void)text;
	(void)len;
	w->dirty = true;
	switch (a) {
	case ACT_UP:
	case ACT_DOWN:
		move_sel(w, a == ACT_UP ? -1 : 1);
		break;
	case ACT_SYNC:
		manage_sync_now(w);
		break;
	case ACT_WEBHOOKS:
		if (c) {
			w->mg->wh_top = 0;
			w->screen = SCR_WEBHOOKS;
		}
		break;
	case ACT_RECHECK:
		if (c && c->status == CONN_ACTIVE)
			recheck(w, c);
		else if (c) /* say why nothing happens */
			manage_set_banner(w, false, _("A disconnected connection cannot be re-checked: its credentials were destroyed."),
			       _("Reconnect it (n) to make a new connection with the same details."));
		break;
	case ACT_DISCONNECT:
		if (c && c->status == CONN_ACTIVE)
			w->confirm = ACT_DISCONNECT, w->screen = SCR_CONFIRM;
		break;
	case ACT_ROTATE:
		if (c && c->status == CONN_ACTIVE)
			w->confirm = ACT_ROTATE, w->screen = SCR_CONFIRM;
		else if (c) /* say why nothing happens */
			manage_set_banner(w, false, _("A disconnected connection has no token to replace."),
					  _("Reconnect it (n): that makes a new connection with a new token."));
		break;
	case ACT_PURGE:
		if (c && c->status == CONN_DISCONNECTED)
			w->confirm = ACT_PURGE, w->screen = SCR_CONFIRM;
		else if (c)
			manage_set_banner(w, false, _("An active connection cannot be purged."), _("Disconnect it first; then its history can be deleted."));
		break;
	case ACT_RECONNECT:
		if (c)
			reconnect(w, c);
		break;
	case ACT_BACK: /* stops a running sync first; the next Esc goes back */
		if (manage_syncing(w)) {
			manage_sync_stop(w);
			break;
		}
		leave(w);
		w->screen = SCR_START;
		break;
	default:
		break;
	}
}
