/* commands.h: the command-line subcommands. Each takes argv with argv[0]
 * the subcommand's name and returns an exit code (error.h). */
#ifndef ONRAMP_COMMANDS_H
#define ONRAMP_COMMANDS_H

int cmd_validate(int argc, char **argv);
int cmd_connect(int argc, char **argv);
int cmd_systems(int argc, char **argv);
#endif
