/* receiver.c: see receiver.h. */
#include "webhooks/receiver.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILD_POLL_MS 5
/* Events settled in one transaction when there is no command to run. */
#define SETTLE_MAX 128
#define STALE_WHY "an event with a newer seq for this record was applied"

/* A parked webhook's mark (httpd_park): what its answer will be. */
enum { PARK_NONE, PARK_STORED, PARK_DUPLICATE, PARK_FAILED };

struct parked {
	struct httpd *h;
	struct MHD_Connection *c;
	int *mark;
};

struct receiver {
	struct loop *l;
	struct inbox *ib;
	struct receiver_opts o;
	int timer, commit_timer;
	pid_t child;
	struct inbox_event ev; /* the one being processed */
	/* group commit: webhooks written inside one open transaction, parked
	 * until it commits (one fsync for all of them) */
	struct parked *parked;
	size_t nparked, cap;
	bool deferred; /* processing waited for the batch's commit */
};

static void logf_(struct receiver *rv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void logf_(struct receiver *rv, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	if (!rv->o.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	rv->o.log(rv->o.log_arg, line);
}

static enum wh_verdict verify(struct receiver *rv, const struct httpd_req *r, const char **id)
{
	const char *ts = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND, "webhook-timestamp"),
		   *sig = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND, "webhook-signature");
	enum wh_verdict v = WH_BAD_SIGNATURE;
	*id = MHD_lookup_connection_value(r->c, MHD_HEADER_KIND, "webhook-id");
	if (*id && strlen(*id) >= 80)
		return WH_BAD_HEADER;
	for (size_t i = 0; i < rv->o.nkeys; i++) {
		v = wh_verify(rv->o.keys[i], *id, ts, sig, r->body, r->len, time(NULL));
		if (v != WH_BAD_SIGNATURE)
			break; /* ok, or the headers are wrong whatever the key */
	}
	return v;
}

static enum MHD_Result answer(const struct httpd_req *r, int mark)
{
	if (mark == PARK_FAILED)
		return httpd_error(r->c, 503, "store.failed", "Could not store the event; send it again.");
	return httpd_reply(r->c, 200, "application/json",
			   mark == PARK_DUPLICATE ? "{\"duplicate\":true}" : "{\"ok\":true}",
			   mark == PARK_DUPLICATE ? 18 : 11, NULL, NULL);
}

/* The batch's transaction ends: each parked webhook is answered 200 only
 * if it committed (503 if not, and the sender retries). */
static void commit_batch(void *arg)
{
	struct receiver *rv = arg;
	bool ok = inbox_commit(rv->ib) == 0, fresh = false;

	rv->commit_timer = 0;
	for (size_t i = 0; i < rv->nparked; i++) {
		if (!ok)
			*rv->parked[i].mark = PARK_FAILED;
		fresh |= *rv->parked[i].mark == PARK_STORED;
		httpd_unpark(rv->parked[i].h, rv->parked[i].c);
	}
	if (!ok)
		logf_(rv, "could not store %zu webhooks (answered 503: their senders retry)", rv->nparked);
	rv->nparked = 0;
	if (fresh || rv->deferred)
		receiver_kick(rv); /* processing starts after these answers are out */
	rv->deferred = false;
}

/* Written into the batch's transaction and parked. The first webhook of a
 * batch opens it; the commit runs once the loop has read every request
 * that is ready (a timer of 0 ms), so webhooks that arrive together share
 * one fsync. */
static enum MHD_Result take(struct receiver *rv, const struct httpd_req *r)
{
	const char *id;
	enum wh_verdict v;
	bool dup = false;

	if (*r->mark) /* back after the commit */
		return answer(r, *r->mark);
	v = verify(rv, r, &id);
	if (v != WH_OK) {
		inbox_count(rv->ib, "bad_signature", 1);
		logf_(rv, "rejected a webhook (%s)", wh_verdict_name(v));
		return httpd_error(r->c, v == WH_BAD_SIGNATURE ? 401 : 400, wh_verdict_name(v),
				   "The webhook's signature headers did not verify.");
	}
	if (!rv->nparked && inbox_begin(rv->ib) != 0)
		return answer(r, PARK_FAILED);
	/* a failure dooms the batch: its commit fails and all get 503 */
	*r->mark = inbox_put(rv->ib, id, r->body, r->len, &dup) != 0 ? PARK_FAILED : dup ? PARK_DUPLICATE : PARK_STORED;
	if (rv->nparked == rv->cap)
		rv->parked = xrealloc(rv->parked, (rv->cap = rv->cap ? rv->cap * 2 : 64) * sizeof(*rv->parked));
	rv->parked[rv->nparked++] = (struct parked){r->h, r->c, r->mark};
	if (!rv->commit_timer)
		rv->commit_timer = loop_after(rv->l, 0, commit_batch, rv);
	return httpd_park(r);
}

void receiver_flush(struct receiver *rv)
{
	if (!rv->commit_timer)
		return;
	loop_cancel(rv->l, rv->commit_timer);
	commit_batch(rv);
}

enum MHD_Result receiver_handle(void *arg, const struct httpd_req *r)
{
	struct receiver *rv = arg;
	if (!strcmp(r->method, "GET") && !strcmp(r->url, "/metrics")) {
		char *m = inbox_counters(rv->ib, true);
		enum MHD_Result rc = httpd_reply(r->c, 200, "text/plain; version=0.0.4", m, strlen(m), NULL, NULL);
		free(m);
		return rc;
	}
	if (strcmp(r->method, "POST") != 0)
		return httpd_error(r->c, 405, "request.method_not_allowed", "POST webhooks here; GET /metrics.");
	return take(rv, r);
}

static void step(void *arg);

static void finish(struct receiver *rv, const char *state, const char *error)
{
	if (inbox_finish(rv->ib, &rv->ev, state, error) != 0)
		logf_(rv, "could not record event %s as %s", rv->ev.id, state);
	inbox_event_free(&rv->ev);
	rv->child = 0;
	receiver_kick(rv);
}

static void wait_child(void *arg)
{
	struct receiver *rv = arg;
	int status;
	char why[64];
	pid_t p = waitpid(rv->child, &status, WNOHANG);

	rv->timer = 0;
	if (p == 0) {
		rv->timer = loop_after(rv->l, CHILD_POLL_MS, wait_child, rv);
		return;
	}
	if (p == rv->child && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		finish(rv, "done", NULL);
		return;
	}
	if (p == rv->child && WIFEXITED(status))
		str_fmt(why, sizeof(why), "exit %d", WEXITSTATUS(status));
	else
		str_fmt(why, sizeof(why), p == rv->child ? "signal %d" : "lost", WTERMSIG(status));
	logf_(rv, "processing event %s (%s) failed: %s", rv->ev.id, rv->ev.type, why);
	finish(rv, "failed", why);
}

extern char **environ;

/* The command, with the body on its standard input. posix_spawn (vfork
 * underneath): a fork of a big process costs more than the command. */
static int spawn(struct receiver *rv)
{
	posix_spawn_file_actions_t fa;
	char *argv[] = {"sh", "-c", (char *)rv->o.exec_cmd, NULL};
	int fd[2], rc;
	pid_t pid;

	if (pipe2(fd, O_CLOEXEC) != 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[0], STDIN_FILENO);
	rc = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fd[0]);
	if (rc != 0) {
		close(fd[1]);
		return -1;
	}
	signal(SIGPIPE, SIG_IGN); /* a command that does not read its input */
	for (size_t off = 0, len = strlen(rv->ev.body); off < len;) {
		ssize_t n = write(fd[1], rv->ev.body + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd[1]);
	rv->child = pid;
	return 0;
}

/* Without a command, processing is bookkeeping only: up to SETTLE_MAX
 * queued events settle in one transaction (one fsync), then the loop gets
 * a turn (webhooks keep being answered) before the next ones. */
static void settle_queued(struct receiver *rv)
{
	int n = 0;
	if (inbox_begin(rv->ib) != 0)
		return;
	for (; n < SETTLE_MAX && inbox_next(rv->ib, &rv->ev) == 0; n++) {
		bool stale = inbox_stale(rv->ib, &rv->ev);
		inbox_finish(rv->ib, &rv->ev, stale ? "stale" : "done", stale ? STALE_WHY : NULL);
		inbox_event_free(&rv->ev);
	}
	if (inbox_commit(rv->ib) != 0) {
		logf_(rv, "could not record %d processed events; they stay queued", n);
		return; /* the next webhook's commit tries again */
	}
	if (n == SETTLE_MAX)
		receiver_kick(rv);
}

static void step(void *arg)
{
	struct receiver *rv = arg;
	rv->timer = 0;
	/* a command runs, or webhooks wait for their commit (whose end kicks
	 * again): processing comes after their answers */
	if (rv->child)
		return;
	if (rv->nparked) {
		rv->deferred = true;
		return;
	}
	if (!rv->o.exec_cmd) {
		settle_queued(rv);
		return;
	}
	if (inbox_next(rv->ib, &rv->ev) != 0)
		return;
	if (inbox_stale(rv->ib, &rv->ev)) {
		finish(rv, "stale", STALE_WHY);
		return;
	}
	if (spawn(rv) != 0) {
		logf_(rv, "processing event %s failed: could not start the command", rv->ev.id);
		finish(rv, "failed", "could not start");
		return;
	}
	rv->timer = loop_after(rv->l, CHILD_POLL_MS, wait_child, rv);
}

void receiver_kick(struct receiver *rv)
{
	if (!rv->timer && !rv->child)
		rv->timer = loop_after(rv->l, 0, step, rv);
}

bool receiver_idle(const struct receiver *rv)
{
	struct inbox_event ev;
	int rc;
	if (rv->child || rv->timer || rv->nparked)
		return false;
	rc = inbox_next(rv->ib, &ev);
	inbox_event_free(&ev);
	return rc != 0;
}

struct receiver *receiver_new(struct loop *l, struct inbox *ib, const struct receiver_opts *o)
{
	struct receiver *rv = xcalloc(1, sizeof(*rv));
	rv->l = l;
	rv->ib = ib;
	rv->o = *o;
	receiver_kick(rv); /* what a previous run left queued */
	return rv;
}

void receiver_free(struct receiver *rv)
{
	if (!rv)
		return;
	receiver_flush(rv);
	if (rv->timer)
		loop_cancel(rv->l, rv->timer);
	if (rv->child) { /* it stays queued: processed again at the next start */
		kill(rv->child, SIGTERM);
		waitpid(rv->child, NULL, 0);
	}
	inbox_event_free(&rv->ev);
	free(rv->parked);
	free(rv);
}
