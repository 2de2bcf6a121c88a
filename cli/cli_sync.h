/* cli_sync.h: what the sync, agent, schedule, syncs and history commands
 * share: one option parser, opening the database and catalog, and how a
 * sync run is shown. */
#ifndef ONRAMP_CLI_SYNC_H
#define ONRAMP_CLI_SYNC_H
#include <cJSON.h>
#include <stdbool.h>
#include "catalog.h"
#include "cli.h"
#include "loop.h"
#include "seal.h"
#include "store/db.h"

#define CLI_EXIT_CODES                                                            \
	"Exit codes: 0 success, 2 usage, 3 input, 4 network, 5 tls, 6 auth rejected,\n" \
	"7 api or permission, 8 store or seal, 9 cancelled.\n"

struct cli_serve;

struct cli_sync {
	bool json, jsonl, full, due, changes, progress;
	bool reported;                 /* the failure was printed with the run */
	const char *cmd, *id, *since;
	char *rest[4];                 /* positional words after the id */
	int nrest;
	long tick_s;                   /* agent --tick */
	long group;                    /* sync --commit-every */
	char *passphrase;              /* read once (sodium_malloc'd), then asked from here */
	struct seal_pass pass;
	struct catalog cat;
	struct db *db;
	struct loop *loop;
	const struct cli_serve *serve; /* onramp serve: the API too (cli_service.h) */
	const struct cli_args *args;   /* as the parser gave them (cli.h) */
};

/* The options the sync commands share, from the parser (cli.h): --json,
 * --jsonl, --passphrase-fd, --passphrase-file, --since, --tick, --full,
 * --due, --changes, --commit-every; the first argument is the connection id, the others
 * go to rest. Returns -1 with *rc set after a usage error. */
int cli_sync_from(struct cli_sync *c, const struct cli_args *a, int *rc);
/* A usage error (exit 2) pointing at "onramp CMD --help"; in JSON with
 * --json or --jsonl. */
int cli_sync_usage(const struct cli_sync *c, const char *msg);
/* The options every sync command takes (cli_opt entries). */
#define CLI_SYNC_OUT_OPTS {"--json", NULL, "print the result as JSON"}
#define CLI_SYNC_PASS_OPTS \
	{"--passphrase-fd", "N", "the secret key's passphrase, from descriptor N"}, \
	{"--passphrase-file", "FILE", "... from the first line of FILE"}
/* Reads the passphrase of --passphrase-fd/-file once, so every sync of an
 * agent gets it (a descriptor can be read only once). Also opens the
 * catalog and the database: EXIT_OK or an exit code (err set). */
int cli_sync_open(struct cli_sync *c, struct onr_error *err);
void cli_sync_close(struct cli_sync *c);
/* The agent's options and their synopsis; onramp serve takes them too,
 * since it does the agent's work. */
#define CLI_AGENT_OPTS \
	{"--tick", "SECONDS", "how often it looks for due syncs (default 15)"}, CLI_SYNC_PASS_OPTS
#define CLI_AGENT_USAGE "[--tick SECONDS]\n             [--passphrase-fd N | --passphrase-file FILE]"
/* `onramp agent`, and `onramp serve` with serve (its own options read):
 * syncs, webhook deliveries and the API in one loop until SIGTERM or
 * SIGINT. Prints a failure; returns the exit code. */
int cli_agent_cmd(const struct cli_args *a, const struct cli_serve *serve);
/* key: "YYYY-MM-DDTHH:MM:SSZ", or null for 0. */
void cli_add_time(cJSON *o, const char *key, time_t t);
cJSON *cli_run_json(const struct db_run *r);
const char *cli_run_words(enum run_status s);
#endif
