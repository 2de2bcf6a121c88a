/* db_webhooks.h: webhook endpoints and the outbox's deliveries (schema
 * version 2, db_schema.c). Events themselves are written by triggers in
 * the transaction of the change that causes them; each gets one delivery
 * row per enabled endpoint whose event list wants it. */
#ifndef ONRAMP_DB_WEBHOOKS_H
#define ONRAMP_DB_WEBHOOKS_H
#include "store/db.h"

struct db_endpoint {
	char id[16];
	char *url, *events, *status, *reason; /* events: ",a,b," or "" for all */
	unsigned char *secret;                 /* sealed (crypto_box_seal) */
	size_t secret_len;
	time_t created, failing_since;
	long pending, delivered, failed;
	int last_status;                       /* of the last attempt */
	char *last_error;
};
void db_endpoint_free(struct db_endpoint *e);

int db_endpoint_add(struct db *db, const struct db_endpoint *e, struct onr_error *err);
int db_endpoint_list(struct db *db, struct db_endpoint **v, size_t *n, struct onr_error *err);
/* Removes it and its pending deliveries; 1 when there is none. */
int db_endpoint_remove(struct db *db, const char *id, struct onr_error *err);
/* status "enabled" or "disabled" with a reason; 1 when there is none. */
int db_endpoint_set(struct db *db, const char *id, const char *status, const char *reason,
		    struct onr_error *err);

struct db_delivery {
	long long event_seq;
	char endpoint[16], eid[40], type[64];
	int attempts;
	time_t at;                 /* the event's time */
	char *body;                /* {"type","timestamp","data"}: the bytes signed and sent */
	char *url;
	unsigned char *secret;     /* sealed */
	size_t secret_len;
	time_t failing_since;
};
void db_delivery_free(struct db_delivery *d);

/* Up to max pending deliveries due at now_ms, each claimed for this
 * process until now_ms + lease_ms (a process that dies mid-delivery loses
 * its claim then, and the same webhook-id goes out again). */
int db_deliveries_claim(struct db *db, long long now_ms, long long lease_ms, size_t max,
			struct db_delivery **v, size_t *n, struct onr_error *err);

enum db_outcome { DB_DELIVERED, DB_RETRY, DB_GAVE_UP };
struct db_attempt {
	enum db_outcome outcome;
	long long next_at_ms;      /* DB_RETRY */
	int http_status;           /* 0: no answer */
	long ms;
	const char *error;         /* "" when delivered */
	time_t now;
};
/* In one transaction: the attempt logged, the delivery updated, the
 * endpoint's failing_since set or cleared. */
int db_delivery_done(struct db *db, const struct db_delivery *d, const struct db_attempt *a,
		     struct onr_error *err);
/* In one transaction: the endpoint disabled with a reason, its pending
 * deliveries given up, and an endpoint.disabled event. */
int db_endpoint_disable(struct db *db, const char *id, const char *reason, time_t now,
			struct onr_error *err);

/* The event's seq by its id ("evt_..."); 1 when there is none. */
int db_event_find(struct db *db, const char *eid, long long *seq, struct onr_error *err);
/* Delivers event seq again to every enabled endpoint (or only endpoint):
 * its deliveries become pending, due now, attempts from 0. *n: how many. */
int db_event_replay(struct db *db, long long seq, const char *endpoint, time_t now, int *n,
		    struct onr_error *err);
/* A webhook.test event for one endpoint; eid gets its id. */
int db_event_test(struct db *db, const char *endpoint, time_t now, char eid[40],
		  struct onr_error *err);
#endif
