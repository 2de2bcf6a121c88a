/* commands.h: the command-line subcommands. Each takes argv with argv[0]
 * the subcommand's name and returns an exit code (error.h). */
#ifndef ONRAMP_COMMANDS_H
#define ONRAMP_COMMANDS_H

int cmd_validate(int argc, char **argv);
int cmd_connect(int argc, char **argv);
int cmd_systems(int argc, char **argv);

/* The store and its keys (core/cmd_store.c). */
int cmd_keygen(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_disconnect(int argc, char **argv);
int cmd_purge(int argc, char **argv);
int cmd_token(int argc, char **argv);  /* onramp token check - */
int cmd_open(int argc, char **argv);
/* onramp orders ID (cli/cmd_orders.c): purchase orders, read live. */
int cmd_orders(int argc, char **argv);
/* Syncs into the database (cli/cmd_sync.c, cli/cmd_history.c). */
int cmd_sync(int argc, char **argv);     /* onramp sync ID [--full] | --due */
int cmd_agent(int argc, char **argv);    /* onramp agent */
int cmd_schedule(int argc, char **argv); /* onramp schedule ID every 15m|hourly|daily|off */
int cmd_syncs(int argc, char **argv);    /* onramp syncs ID */
int cmd_history(int argc, char **argv);
/* The API and webhooks (cli/cmd_serve.c, cli/cmd_webhooks.c). */
int cmd_serve(int argc, char **argv);    /* onramp serve [--listen ADDR:PORT] */
int cmd_webhooks(int argc, char **argv); /* onramp webhooks add|list|remove|test|replay|listen */  /* onramp history ID [--changes] */
/* Hidden, for the store's crash-loop and concurrency tests (core/cmd_debug.c):
 * onramp __store-connect SYSTEM URL USER [--credits N] < secret.json */
int cmd_debug_connect(int argc, char **argv);

/* `onramp reconnect ID` (core/cmd_reconnect.c). In a terminal it calls
 * back into the wizard with the old connection's public fields. */
#include <stddef.h>
#include "wizard.h"
typedef int (*reconnect_wizard_fn)(const char *system, const struct preset *presets, size_t n);
int cmd_reconnect(int argc, char **argv, reconnect_wizard_fn wizard);
#endif
