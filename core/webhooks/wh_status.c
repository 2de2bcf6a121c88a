/* wh_status.c: a connection's webhook endpoints and failing deliveries
 * in plain words (see wh_status.h). */
#include "webhooks/wh_status.h"
#include "i18n.h"
#include "timefmt.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

void wh_status_free(struct wh_status *s)
{
	for (size_t i = 0; i < s->nep; i++)
		db_endpoint_free(&s->ep[i]);
	free(s->ep);
	free(s->fail);
	memset(s, 0, sizeof(*s));
}

int wh_status_load(struct db *db, const char *conn, struct wh_status *out, struct onr_error *err)
{
	memset(out, 0, sizeof(*out));
	if (db_endpoint_list(db, &out->ep, &out->nep, err) != 0 ||
	    db_failing_list(db, conn, WH_STATUS_MAX_FAILING, &out->fail, &out->nfail, &out->total_failing, err) != 0) {
		wh_status_free(out);
		return -1;
	}
	for (size_t i = 0; i < out->nep; i++)
		out->endpoints_failing += strcmp(out->ep[i].status, "enabled") != 0 || out->ep[i].failing_since;
	return 0;
}

/* "HTTP 500" or "no answer (the transfer's error)", cleaned. */
static void last_answer(int status, const char *error, char *out, size_t size)
{
	char clean[200];
	str_clean(clean, sizeof(clean), error, strlen(error));
	if (status)
		str_fmt(out, size, "HTTP %d", status);
	else
		str_fmt(out, size, *clean ? _("no answer (%s)") : _("no answer"), clean);
}

void wh_endpoint_words(const struct db_endpoint *e, time_t now, struct wh_words *w)
{
	char url[200], reason[200], since[32], answer[256];
	str_clean(url, sizeof(url), e->url, strlen(e->url));
	memset(w, 0, sizeof(*w));
	if (strcmp(e->status, "enabled") != 0) {
		/* the reason is stored as dispatch.c wrote it (N_): shown translated */
		const char *why = *e->reason ? _(e->reason) : "";
		str_clean(reason, sizeof(reason), why, strlen(why));
		if (*reason)
			str_fmt(w->what, sizeof(w->what), _("%1$s %2$s is disabled: %3$s"), e->id, url, reason);
		else
			str_fmt(w->what, sizeof(w->what), _("%1$s %2$s is disabled."), e->id, url);
		str_fmt(w->todo, sizeof(w->todo),
			_("When the receiver works again: onramp webhooks enable %s, then "
			  "replay what it missed."),
			e->id);
		w->bad = true;
	} else if (e->failing_since) {
		time_clock(e->failing_since, now, since, sizeof(since));
		last_answer(e->last_status, e->last_error, answer, sizeof(answer));
		str_fmt(w->what, sizeof(w->what), _("%1$s %2$s is failing since %3$s; last answer: %4$s."), e->id, url,
			since, answer);
		str_copy(w->todo, sizeof(w->todo),
			 _("Check that the receiver answers 2xx. onramp agent or onramp serve "
			   "keeps retrying, and disables it after 5 days of failures."));
		w->bad = true;
	} else {
		str_fmt(w->what, sizeof(w->what), _("%1$s %2$s: %3$ld delivered, %4$ld waiting."), e->id, url,
			e->delivered, e->pending);
	}
}

void wh_failing_words(const struct db_failing *f, time_t now, struct wh_words *w)
{
	char answer[256], next[32];
	memset(w, 0, sizeof(*w));
	w->bad = true;
	last_answer(f->last_status, f->last_error, answer, sizeof(answer));
	if (f->gave_up) {
		str_fmt(w->what, sizeof(w->what),
			NG_("%1$s (%2$s) to %3$s: given up after %4$d attempt; last answer: %5$s.",
			    "%1$s (%2$s) to %3$s: given up after %4$d attempts; last answer: %5$s.", f->attempts),
			f->type, f->eid, f->endpoint, f->attempts, answer);
		str_fmt(w->todo, sizeof(w->todo),
			_("When the receiver works again: onramp webhooks replay %1$s "
			  "--endpoint %2$s"),
			f->eid, f->endpoint);
		return;
	}
	str_fmt(w->what, sizeof(w->what),
		NG_("%1$s (%2$s) to %3$s: %4$d attempt failed; last answer: %5$s.",
		    "%1$s (%2$s) to %3$s: %4$d attempts failed; last answer: %5$s.", f->attempts),
		f->type, f->eid, f->endpoint, f->attempts, answer);
	if (f->next_at_ms / 1000 <= now) {
		str_copy(w->todo, sizeof(w->todo), _("The next try is due now: onramp agent or onramp serve sends it."));
		return;
	}
	time_span((long)(f->next_at_ms / 1000 - now), next, sizeof(next));
	str_fmt(w->todo, sizeof(w->todo),
		_("The next try is due in %1$s (onramp agent or onramp serve sends it). "
		  "To try it now instead: onramp webhooks replay %2$s --endpoint %3$s"),
		next, f->eid, f->endpoint);
}
