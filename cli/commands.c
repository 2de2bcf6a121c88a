/* commands.c: the table of onramp's commands, in the order onramp --help
 * lists them.
 *
 * A new command (orders, sync, serve, ...) is one handler file, cmd_NAME.c,
 * that defines its struct cli_command (name, usage, options, handler; see
 * cli.h), plus its line in commands.h and its row here. The parser, the
 * usage errors and both --help texts come from that entry. */
#include "commands.h"
#include <string.h>

const struct cli_command *const cli_commands[] = {
	&cmd_systems_entry,
	&cmd_validate_entry,
	&cmd_connect_entry,
	&cmd_list_entry,
	&cmd_disconnect_entry,
	&cmd_reconnect_entry,
	&cmd_purge_entry,
	&cmd_token_entry,
	&cmd_open_entry,
	&cmd_keygen_entry,
	&cmd_orders_entry,
	&cmd_sync_entry,
	&cmd_schedule_entry,
	&cmd_syncs_entry,
	&cmd_history_entry,
	&cmd_agent_entry,
	&cmd_serve_entry,
	&cmd_webhooks_entry,
	&cmd_invite_entry,
	&cmd_debug_connect_entry,
	NULL,
};

const struct cli_command *cli_find(const char *name)
{
	for (size_t i = 0; cli_commands[i]; i++)
		if (!strcmp(cli_commands[i]->name, name))
			return cli_commands[i];
	return NULL;
}
