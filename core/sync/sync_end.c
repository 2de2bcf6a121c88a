/* sync_end.c: how a sync run begins and ends in the database: its row,
 * its status and error, the connection's next due time and its "needs
 * attention" mark (see sync.h). */
#include "sync/sync_impl.h"
#include "i18n.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

static void not_active(const struct conn *c, const char *id, int found, struct onr_error *err)
{
	char msg[256], hint[512];
	if (found == 1) {
		str_fmt(msg, sizeof(msg), _("There is no connection with the id \"%s\"."), id);
		error_set(err, EXIT_INPUT, "sync", "store.not_found", msg,
			  _("Check the id: \"onramp list\" shows the connections and their ids."), NULL);
		return;
	}
	str_fmt(msg, sizeof(msg), _("Connection %s (%s) is disconnected, so it no longer syncs."), id,
		c->system);
	str_fmt(hint, sizeof(hint), _("Its synced history stays readable (onramp history %s). Connect %s "
		"again to sync it."), id, c->system);
	error_set(err, EXIT_INPUT, "sync", "store.disconnected", msg, hint, NULL);
}

int sync_begin_run(struct sync *s, struct onr_error *err)
{
	struct conn c;
	int rc = db_begin(s->db, err);

	if (rc != 0)
		return rc;
	if ((rc = db_runs_reap(s->db, err)) != 0)
		goto fail;
	if ((rc = db_conn_get(s->db, s->run.conn, &c, err)) < 0)
		goto fail;
	if (rc == 1 || c.status != CONN_ACTIVE) {
		not_active(&c, s->run.conn, rc, err);
		if (rc == 0)
			conn_free(&c);
		rc = -1;
		goto fail;
	}
	conn_free(&c);
	if ((rc = db_run_start(s->db, &s->run, err)) != 0 || (rc = db_commit(s->db, err)) != 0)
		goto fail;
	return 0;
fail:
	db_rollback(s->db);
	return rc;
}

int sync_record_end(struct sync *s, time_t now)
{
	struct conn c;
	int rc;

	s->run.finished = now;
	if (s->run.status != RUN_DONE) {
		str_copy(s->run.error_code, sizeof(s->run.error_code), s->err.code);
		str_copy(s->run.error_message, sizeof(s->run.error_message), s->err.message);
	}
	if (db_run_finish(s->db, &s->run, &s->err) != 0)
		return -1;
	if (s->run.status == RUN_CANCELLED)
		return 0; /* disconnected: its schedule is gone already */
	if ((rc = db_conn_get(s->db, s->run.conn, &c, &s->err)) != 0)
		return rc < 0 ? -1 : 0;
	rc = 0;
	if (*c.schedule)
		rc = db_set_schedule(s->db, c.id, c.schedule, now + schedule_interval(c.schedule), &s->err);
	/* only a rejection of the credentials needs a person; a network
	 * failure fixes itself by the next run */
	if (rc == 0 && s->run.status != RUN_DONE && s->err.exit == EXIT_AUTH)
		rc = db_set_attention(s->db, c.id, s->err.message, &s->err);
	else if (rc == 0 && s->run.status == RUN_DONE && *c.attention)
		rc = db_set_attention(s->db, c.id, "", &s->err);
	conn_free(&c);
	return rc;
}

/* The run's end in a transaction of its own. */
static void end_alone(struct sync *s)
{
	struct onr_error keep = s->err;
	if (db_begin(s->db, &s->err) == 0 && sync_record_end(s, time(NULL)) == 0 &&
	    db_commit(s->db, &s->err) == 0) {
		s->err = keep;
		return;
	}
	db_rollback(s->db); /* the row stays SYNCING; the next run reaps it */
}

static void stop_reading(struct sync *s)
{
	if (s->poll_timer >= 0)
		loop_cancel(s->l, s->poll_timer);
	s->poll_timer = -1;
	rd_free(s->rd); /* stops its transfers at once */
	s->rd = NULL;
	s->finished = true;
}

void sync_cancel_now(struct sync *s, bool disconnected)
{
	stop_reading(s);
	s->run.status = RUN_CANCELLED;
	if (disconnected)
		error_set(&s->err, EXIT_CANCELLED, "sync", "sync.cancelled",
			  _("The sync stopped because the connection was disconnected."),
			  _("Nothing of the page being read was kept. The history synced before stays until purge."),
			  NULL);
	else
		error_set(&s->err, EXIT_CANCELLED, "sync", "sync.stopped",
			  _("The sync was stopped before it finished."),
			  _("Nothing of the page being read was kept; the next sync starts from the last saved point."),
			  NULL);
	end_alone(s);
	if (s->o.on_done)
		s->o.on_done(s->o.arg, s);
}

void sync_fail_start(struct sync *s)
{
	stop_reading(s);
	s->run.status = RUN_FAILED;
	end_alone(s);
}

void sync_finish(struct sync *s)
{
	const struct onr_error *e = s->rd ? rd_error(s->rd) : NULL;
	int rc;

	s->finish_timer = -1;
	if (s->finished)
		return;
	if (s->stopping && !s->write_failed) {
		sync_cancel_now(s, true);
		return;
	}
	if (e || s->write_failed) {
		if (e)
			s->err = *e;
		sync_drop_incomplete(s);
		s->run.status = s->run.pages || s->npage ? RUN_PARTIAL : RUN_FAILED;
	} else {
		s->complete = true;
		s->run.status = RUN_DONE;
	}
	rc = s->write_failed ? -1 : sync_flush(s, true);
	if (rc == 1) {
		sync_cancel_now(s, true);
		return;
	}
	stop_reading(s);
	if (rc < 0) { /* the database refused (disk full...): say so, keep what was written */
		s->run.status = s->run.pages ? RUN_PARTIAL : RUN_FAILED;
		end_alone(s);
	}
	if (s->o.on_done)
		s->o.on_done(s->o.arg, s);
}
