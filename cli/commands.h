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
extern const struct cli_command cmd_orders_entry; /* cmd_orders.c: purchase orders, read live */
/* Hidden, for the store's crash-loop and concurrency tests (cmd_debug.c). */
extern const struct cli_command cmd_debug_connect_entry;

/* Every command, NULL-terminated (commands.c). */
extern const struct cli_command *const cli_commands[];
/* The command called name, or NULL. */
const struct cli_command *cli_find(const char *name);
#endif
