/* cmd_wizard.c: `onramp [OPTIONS]`, no command: the wizard. Parses its
 * options and hands them to tui/frontend.c, which picks full screen or line
 * mode. Its help is onramp --help. */
#include "commands.h"
#include "i18n.h"
#include "cli_invite.h"
#include "invite_use.h"
#include "error.h"
#include "util.h"
#include "../tui/frontend.h"
#include <stdlib.h>
#include <string.h>

#define MAX_PRESETS 32

static const struct cli_opt wizard_opts[] = {
	{"--system", "ID", N_("start on this system's form, and stay on it")},
	{"--preset", "KEY=VALUE", N_("fill in a field (never a secret); repeat for more")},
	{"--lock", "KEY", N_("make a field read-only; repeat for more")},
	{"--kiosk", NULL, N_("nothing quits; idle wipes; stored connections hidden")},
	{"--plain", NULL, N_("line mode: one question per line")},
	{"--theme", "NAME", N_("default, high-contrast, mono, or a file NAME.theme")},
	{"--ascii", NULL, N_("ASCII borders and marks only")},
	{"--idle-timeout", "SECONDS", N_("kiosk: start over after this long idle (0: never)")},
	{"--result-file", "PATH", N_("the result as one JSON line: id and token, or error")},
	{"--result-fd", "N", N_("... to this open descriptor instead")},
	{"--invite", "CODE|@FILE", N_("start from a platform's invite (kiosk)")},
	{"--platform-key", "FINGERPRINT", N_("confirm a new platform's key (else asked)")},
	{"--status", NULL, N_("what waits in the outbox for a platform")},
	{"--deliver", NULL, N_("with --status: send what waits, now")},
	{"--json", NULL, N_("with --status: one JSON object")},
	{"--allow-plain-http", NULL, N_("yes: credentials may go unencrypted (http://)")},
	{"--version", NULL, N_("print the version")},
	{NULL},
};

/* --preset KEY=VALUE and --lock KEY fill one list; a preset's key is
 * copied out of argv (freed by free_presets). */
static int add_preset(const struct cli_args *a, struct preset *list, size_t *n, const struct cli_given *g)
{
	bool lock = !strcmp(g->opt->name, "--lock");
	const char *eq = lock ? NULL : strchr(g->value, '=');
	if (*n >= MAX_PRESETS)
		return cli_usage(a, NULL, _("Too many --preset and --lock options (at most %d)."), MAX_PRESETS);
	if (!lock && (!eq || eq == g->value))
		return cli_usage(a, _("For example: --preset url=https://erp.example.com"),
				 _("--preset takes KEY=VALUE."));
	if (lock) {
		list[(*n)++] = (struct preset){g->value, NULL, true};
		return 0;
	}
	char *key = xstrdup(g->value);
	key[eq - g->value] = 0;
	list[(*n)++] = (struct preset){key, eq + 1, false};
	return 0;
}

static void free_presets(struct preset *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!list[i].lock)
			free((char *)list[i].key);
}

static int take_options(const struct cli_args *a, struct frontend_opts *o, struct preset *list)
{
	long idle;
	o->w.system = cli_value(a, "--system");
	o->tui.theme = cli_value(a, "--theme");
	o->tui.ascii = cli_flag(a, "--ascii");
	o->plain = cli_flag(a, "--plain");
	o->kiosk_flag = cli_flag(a, "--kiosk");
	o->w.allow_plain_http = cli_flag(a, "--allow-plain-http");
	o->result_file = cli_value(a, "--result-file");
	o->result_fd = cli_value(a, "--result-fd");
	if ((o->idle_given = cli_value(a, "--idle-timeout") != NULL)) {
		if (!cli_number(cli_value(a, "--idle-timeout"), 0, 86400, &idle))
			return cli_usage(a, NULL, _("--idle-timeout needs a whole number of seconds, 0 to 86400."));
		o->w.idle_timeout_s = (int)idle;
	}
	for (int i = 0; i < a->ngiven; i++) {
		const char *name = a->given[i].opt->name;
		int rc = strcmp(name, "--preset") && strcmp(name, "--lock") ? 0 : add_preset(a, list, &o->w.npresets, &a->given[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* --invite: the invite names the system, presets and locks; the result
 * goes to its platform (core/kiosk/). A first platform key is confirmed
 * here, on the terminal, before the full screen starts. */
static int run_invited(const struct cli_args *a, struct frontend_opts *o, struct preset *list)
{
	struct invite inv;
	struct loop *l;
	int rc;
	if (o->w.system || o->w.npresets) {
		free_presets(list, o->w.npresets);
		return cli_usage(a, NULL, _("--invite names the system, presets and locks: leave out --system, --preset and --lock."));
	}
	l = loop_new();
	rc = cli_invite_take(a, l, true, &inv);
	loop_free(l);
	if (rc)
		return rc;
	o->w.system = inv.system;
	o->w.npresets = invite_presets(&inv, &o->w.presets);
	o->w.invite = &inv;
	rc = frontend_run(o);
	invite_free(&inv);
	return rc;
}

static int run_wizard(const struct cli_args *a)
{
	struct preset list[MAX_PRESETS];
	struct frontend_opts o = {0};
	int rc;
	if (cli_flag(a, "--version")) {
		puts("onramp " ONRAMP_VERSION);
		return EXIT_OK;
	}
	if (cli_flag(a, "--status") || cli_flag(a, "--deliver"))
		return cli_outbox_status(a->json, cli_flag(a, "--deliver"));
	o.w.result_fd = -1;
	o.w.presets = list;
	if ((rc = take_options(a, &o, list)) == 0 && cli_value(a, "--invite"))
		return run_invited(a, &o, list);
	if (rc == 0)
		rc = frontend_run(&o);
	free_presets(list, o.w.npresets);
	return rc;
}

const struct cli_command cmd_wizard_entry = {
	.name = NULL,
	.usage = N_("onramp [--system ID [--preset KEY=VALUE]... [--lock KEY]...] [--kiosk]\n"
		 "       [--invite CODE|@FILE [--platform-key FINGERPRINT]]\n"
		 "       [--plain] [--theme NAME] [--ascii] [--idle-timeout SECONDS]\n"
		 "       [--result-file PATH | --result-fd N]           the wizard\n"
		 "onramp --status [--deliver] [--json]        the kiosk's outbox"),
	.about = N_("With no command, the wizard runs: full screen, or one question per line with\n"
		 "--plain, TERM=dumb or when standard output is not a terminal. It never prompts\n"
		 "when standard input is not a terminal: scripts use validate and connect."),
	.opts = wizard_opts,
	.flags = CLI_LAZY_NET,
	.max_args = 0,
	.run = run_wizard,
};
