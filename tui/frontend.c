/* frontend.c: see frontend.h. */
#include "frontend.h"
#include "catalog.h"
#include "config.h"
#include "error.h"
#include "i18n.h"
#include "plain.h"
#include "result_file.h"
#include "seal.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, _("onramp: %s%s%s\nRun onramp --help for the options.\n"), what, arg ? ": " : "", arg ? arg : "");
	return EXIT_USAGE;
}

/* Presets come on argv, so they may not carry secrets, and must name
 * fields of the chosen system. */
static int check_presets(const struct catalog *cat, const struct frontend_opts *a)
{
	const struct system *sys = a->w.system ? catalog_find(cat, a->w.system) : NULL;
	if (a->w.system && !sys) {
		fprintf(stderr, _("onramp: there is no system with the id \"%s\".\nFind the id with: onramp systems NAME\n"), a->w.system);
		return EXIT_INPUT;
	}
	for (size_t i = 0; i < a->w.npresets; i++) {
		const struct field *f = sys ? system_field(sys, a->w.presets[i].key) : NULL;
		if (!sys)
			return bad_usage(_("--preset and --lock need --system ID"), NULL);
		if (!f)
			return bad_usage(_("the system has no such field"), a->w.presets[i].key);
		if (f->secret && a->w.presets[i].value)
			return bad_usage(_("a secret cannot be preset on the command line"), a->w.presets[i].key);
	}
	return 0;
}

/* What the config decides when the command line did not. */
static int apply_config(struct frontend_opts *a)
{
	struct onr_error err;
	struct config cfg;
	if (a->kiosk_flag)
		config_force_kiosk();
	if (config_load(&cfg, &err) < 0) {
		fprintf(stderr, "%s\n%s\n", err.message, err.hint);
		return err.exit;
	}
	a->w.kiosk = a->kiosk_flag || cfg.kiosk;
	if (!a->idle_given) /* 0 in either place: no idle timeout */
		a->w.idle_timeout_s = cfg.idle_timeout;
	a->w.done_timeout_s = a->w.idle_timeout_s > 0 && a->w.idle_timeout_s < 60 ? a->w.idle_timeout_s : 60;
	str_copy(a->config_theme, sizeof(a->config_theme), cfg.theme);
	if (cfg.language[0] && !i18n_fixed()) /* --lang wins over the config */
		i18n_set(cfg.language);
	if (!a->tui.theme)
		a->tui.theme = getenv("NO_COLOR") ? "mono" : a->config_theme[0] ? a->config_theme : "default";
	return 0;
}

/* A kiosk seals to the administrator's public key and never makes a key
 * pair of its own: without that key it does not start. An invite carries
 * its platform's sealing key (checked against the signature), so a kiosk
 * started from one needs none of its own. */
static int kiosk_key_check(void)
{
	struct onr_error err;
	struct config cfg;
	unsigned char pk[SEAL_KEY_BYTES];
	if (config_load(&cfg, &err) == 0 && seal_load_public(cfg.public_key, pk, &err) == 0)
		return 0;
	fprintf(stderr, _("onramp --kiosk does not start without the administrator's public key: a kiosk never "
			"makes or keeps a secret key.\n%s\n%s\n"), err.message, err.hint);
	return err.exit;
}

/* banner: a message from loading the catalog, or none (code ""). */
static int run_full_screen(struct catalog *cat, struct frontend_opts *a, const struct onr_error *banner)
{
	struct loop *l = loop_new();
	struct wizard w;
	int rc;
	wizard_init(&w, l, cat, &a->w);
	if (banner->code[0]) { /* the full screen would hide the message */
		str_copy(w.banner, sizeof(w.banner), banner->message);
		str_copy(w.banner_hint, sizeof(w.banner_hint), banner->hint);
	}
	rc = tui_run(&w, &a->tui);
	wizard_free(&w);
	loop_free(l);
	return rc;
}

/* Picks the frontend (full screen or line mode) and runs the wizard. */
int frontend_run(struct frontend_opts *a)
{
	struct catalog cat;
	struct onr_error err;
	const char *term = getenv("TERM");
	int rc;

	if ((rc = apply_config(a)) != 0)
		return rc;
	if (!isatty(STDIN_FILENO)) {
		/* never prompt a script: it gets the non-interactive commands */
		fputs(_("onramp: the wizard needs a terminal to ask its questions.\n"
		      "For scripts, use `onramp connect SYSTEM --non-interactive --json` (see onramp --help).\n"), stderr);
		return EXIT_USAGE;
	}
	if (a->w.kiosk && !a->w.invite && (rc = kiosk_key_check()) != 0)
		return rc;
	if (catalog_load_default(&cat, &err) < 0) {
		fprintf(stderr, "%s\n%s\n", err.message, err.hint);
		return err.exit;
	}
	if (err.code[0]) /* a broken drop-in file: say so, carry on without it */
		fprintf(stderr, "%s\n%s\n", err.message, err.hint);
	if ((rc = check_presets(&cat, a)) == 0 && (a->result_file || a->result_fd) &&
	    (a->w.result_fd = result_open(a->result_file, a->result_fd, &err)) < 0)
		rc = err.exit, fprintf(stderr, "%s\n%s\n", err.message, err.hint);
	if (rc == 0 && (a->plain || (term && !strcmp(term, "dumb")) || !isatty(STDOUT_FILENO))) {
		rc = plain_run(&cat, &a->w);
	} else if (rc == 0) {
		rc = run_full_screen(&cat, a, &err);
	}
	catalog_free(&cat);
	return rc;
}
