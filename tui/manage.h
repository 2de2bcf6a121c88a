/* manage.h: the Manage screen's view of each connection's syncs and
 * webhooks, beside its list (wizard_manage.c): what the store says about
 * the highlighted connection (its last run, its next due time, its
 * webhook endpoints and failing deliveries), and "Sync now": a sync run
 * (core/sync/sync.h) inside the one event loop, drawn while it runs,
 * stopped by Esc. Nothing shown here is kept anywhere but in the store. */
#ifndef ONRAMP_TUI_MANAGE_H
#define ONRAMP_TUI_MANAGE_H
#include "screen.h"
#include "store/db_stats.h"
#include "sync/claim.h"
#include "sync/sync.h"
#include "webhooks/wh_status.h"

#define MANAGE_REFRESH_MS 5000  /* the store is read again this often */
#define MANAGE_SYNC_WAIT_MS 250 /* the sync's writes wait this long for another onramp's lock */

struct manage_state {
	/* the highlighted connection, as the store has it */
	char id[16];
	bool have_sum, have_wh, have_stats;
	struct sync_summary sum;
	struct db_conn_stats stats; /* what its syncs kept */
	struct wh_status wh;
	char problem[256]; /* why the store could not be read ("" = fine) */
	char host[128];    /* its server, for the error hints */
	time_t loaded;
	int refresh_timer;
	/* Sync now */
	struct db *db; /* the running sync's own handle */
	struct sync *sync;
	struct sync_claim claim; /* so another onramp does not run it too */
	char sync_id[16];
	long long sync_started_ms;
	int sync_timer, end_timer;
	/* the webhooks screen */
	size_t wh_top;
};

/* wizard_manage.c: the list again from the store, then the details */
void manage_reload(struct wizard *w);
/* wizard_sync.c */
void manage_detail_load(struct wizard *w); /* the highlighted connection, now */
void manage_detail_free(struct wizard *w); /* all of it, a running sync stopped */
bool manage_syncing(const struct wizard *w);
void manage_sync_now(struct wizard *w);  /* s */
void manage_sync_stop(struct wizard *w); /* Esc while it runs */
/* "done", "failed", "partially synced", "cancelled" */
void manage_run_words(enum run_status st, char *out, size_t size);
void manage_set_banner(struct wizard *w, bool ok, const char *msg, const char *hint);

/* draw_sync.c: the highlighted connection's syncs and webhooks, in rows
 * y .. y+rows-1; returns the rows used. */
int draw_manage_detail(const struct wizard *w, const struct tui_look *look, int y, int rows);

/* The webhooks screen (draw_webhooks.c, keys.c, wizard_sync.c). */
void draw_webhooks(const struct wizard *w, const struct tui_look *look);
enum action webhooks_key(int ch, bool is_key);
void webhooks_act(struct wizard *w, enum action a, const char *text, size_t len);
#endif
