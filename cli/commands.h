/* commands.h: onramp's commands. Each cmd_*.c file defines its entry (a
 * struct cli_command: name, usage, options, handler, cli.h); commands.c
 * lists them in one table. */
#ifndef ONRAMP_COMMANDS_H
#define ONRAMP_COMMANDS_H
#include "cli.h"

#define ONRAMP_VERSION "0.1.0"

/* The wizard, when no command is named (cmd_wizard.c). */
extern const struct cli_command cmd_wizard_entry;

extern const struct cli_command cmd_systems_entry;  /* cmd_systems.c */
extern const struct cli_command cmd_validate_entry; /* cmd_validate.c */
extern const struct cli_command cmd_connect_entry;  /* cmd_validate.c */
/* `reconnect`: the old connection's yes to plain http, for its address
 * only (probe_opts.plain_http_origin), in the connect it runs. */
void cmd_connect_keep_plain_http(const char *origin);
extern const struct cli_command cmd_reconnect_entry; /* cmd_reconnect.c */
/* The options of validate, connect and reconnect (cmd_validate.c). */
extern const struct cli_opt connect_opts[];
/* The store and its keys (cmd_store.c). */
extern const struct cli_command cmd_list_entry;
extern const struct cli_command cmd_disconnect_entry;
extern const struct cli_command cmd_purge_entry;
extern const struct cli_command cmd_token_entry;
extern const struct cli_command cmd_open_entry;
extern const struct cli_command cmd_keygen_entry;
extern const struct cli_command cmd_invite_entry;
extern const struct cli_command cmd_orders_entry; /* cmd_orders.c: purchase orders, read live */
/* Syncs into the database (cmd_sync.c, cmd_history.c). */
extern const struct cli_command cmd_sync_entry;
extern const struct cli_command cmd_agent_entry;
extern const struct cli_command cmd_schedule_entry;
extern const struct cli_command cmd_syncs_entry;
extern const struct cli_command cmd_history_entry;
/* The API and webhooks (cmd_serve.c, cmd_webhooks.c, cmd_listen.c). */
extern const struct cli_command cmd_serve_entry;
extern const struct cli_command cmd_webhooks_entry;
/* "onramp webhooks listen": the reference receiver; cli/main.c runs it. */
extern const struct cli_command cmd_webhooks_listen_entry;
/* Hidden, for the store's crash-loop and concurrency tests (cmd_debug.c). */
extern const struct cli_command cmd_debug_connect_entry;

/* Every command, NULL-terminated (commands.c). */
extern const struct cli_command *const cli_commands[];
/* The command called name, or NULL. */
const struct cli_command *cli_find(const char *name);
#endif
