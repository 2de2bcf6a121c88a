/* cli.h: commands as a table (tmux's cmd_entry habit) and the one option
 * parser they share. A command is a struct cli_command: its name, usage
 * text, options and handler; cli/commands.c lists them. The parser checks
 * options and arguments against the table, answers --help from it, and
 * hands the handler what was given, in argv order. */
#ifndef ONRAMP_CLI_H
#define ONRAMP_CLI_H
#include <stdbool.h>
#include <stdio.h>

struct cli_opt {
	const char *name; /* "--field" */
	const char *arg;  /* its value's name ("KEY=VALUE"); NULL for a flag */
	const char *help; /* one line in COMMAND --help */
};

/* One option as given: "--field url=x" or "--field=url=x". */
struct cli_given {
	const struct cli_opt *opt;
	const char *value; /* NULL for a flag */
};

struct cli_args {
	const struct cli_command *cmd;
	bool json; /* --json was given: usage errors answer in JSON too */
	int npos;
	const char **pos;        /* the arguments that are not options */
	int ngiven;
	struct cli_given *given; /* the options, in argv order */
};

enum {
	CLI_OFFLINE = 1, /* needs neither libcurl nor libsodium: starts fast */
	CLI_HIDDEN = 2,  /* for tests; left out of onramp --help */
	CLI_LAZY_NET = 4, /* libcurl is loaded on first network use, not at start
			   * (the wizard: its first screen never needs it; the
			   * commands that only read and write the store, which
			   * start in a fifth of the time without its ~35 libraries) */
};

struct cli_command {
	const char *name;  /* NULL for the wizard (no command) */
	const char *args;  /* the positional arguments, for messages: "SYSTEM_ID" */
	const char *usage; /* synopsis lines, each beginning "onramp" or spaces */
	const char *about; /* what it does, for COMMAND --help */
	const char *notes; /* a paragraph after it, or NULL */
	const struct cli_opt *opts; /* ends with {NULL} */
	int min_args, max_args;     /* max_args -1: any number */
	const char *exits;          /* exit codes text; NULL: the common line */
	unsigned flags;             /* CLI_OFFLINE, CLI_HIDDEN */
	int (*run)(const struct cli_args *a);
};

/* Parses argv (argv[0] is the command's name) into *a. Returns CLI_RUN
 * when the handler should run; otherwise the exit code, after printing the
 * help (EXIT_OK) or a usage error. Free *a with cli_args_free either way. */
#define CLI_RUN (-1)
int cli_parse(const struct cli_command *c, int argc, char **argv, struct cli_args *a);
void cli_args_free(struct cli_args *a);
/* Parses and runs, for a command that calls another (reconnect). */
int cli_run(const struct cli_command *c, int argc, char **argv);

/* The last value given for an option, or NULL. */
const char *cli_value(const struct cli_args *a, const char *name);
bool cli_flag(const struct cli_args *a, const char *name);
/* A whole number from lo to hi; false when s is not one. */
bool cli_number(const char *s, long lo, long hi, long *out);

/* A usage error: one line saying what is wrong, then the hint (by default
 * "Run onramp COMMAND --help ..."); JSON on stdout with --json. Returns
 * EXIT_USAGE. */
int cli_usage(const struct cli_args *a, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* COMMAND --help, made from the table; the wizard's is onramp --help. */
void cli_help(const struct cli_command *c, FILE *f);
#endif
