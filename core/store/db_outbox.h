/* db_outbox.h: the webhook outbox as a person sees it for one connection
 * (the TUI's Manage screen), beside db_webhooks.h: the deliveries of the
 * connection's events that are failing, whether still retried or given up.
 * Endpoints themselves belong to no connection (db_endpoint_list). */
#ifndef ONRAMP_DB_OUTBOX_H
#define ONRAMP_DB_OUTBOX_H
#include "store/db.h"

struct db_failing {
	char eid[40], type[64], endpoint[16];
	bool gave_up;              /* status 'failed': no more attempts */
	int attempts, last_status; /* last_status 0: no answer */
	time_t at;                 /* the event's time */
	long long next_at_ms;      /* when it is tried again (not gave_up) */
	char last_error[256];      /* as stored: may hold server text, clean it to show */
};

/* The newest max failing deliveries of conn's events (a pending one that
 * has failed at least once, or one given up), newest event first; *total
 * counts them all. v is malloc'd (free it). */
int db_failing_list(struct db *db, const char *conn, size_t max, struct db_failing **v, size_t *n, long *total,
		    struct onr_error *err);
#endif
