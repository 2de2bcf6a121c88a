/* config.h: $XDG_CONFIG_HOME/onramp/config, lines of `key = value`.
 *
 *   # comments start a line, or follow a value after white space
 *   credits = 10                      credit pool (0..1000000), default 10
 *   public_key = recipient.pub        seal to this key (default, relative
 *                                     paths are under the config folder,
 *                                     ~/ is $HOME)
 *   secret_key = recipient.key        opens sealed credentials (default;
 *                                     empty = none; ignored on a kiosk)
 *   kiosk = false                     true: this machine only seals
 *   idle_timeout = 120                seconds, 0..86400 (0 = never)
 *   theme = default                   [A-Za-z0-9._-], at most 63 bytes
 *   language = de                     fixes the language (a kiosk on a
 *                                     German floor); --lang still wins;
 *                                     empty: LANGUAGE, LC_ALL, ... decide
 *   database = postgresql://host/db   the shared database of several
 *                                     instances (db.h); empty: SQLite
 *   platform_name = ACME Integration  the name invites give (core/kiosk/)
 *   platform_api = https://p.example  the platform's API: in invites made
 *                                     here, and where a kiosk resolves codes
 *
 * Unknown keys are ignored (a newer onramp may add some). A bad value or a
 * line without '=' fails with an onr_error (exit EXIT_INPUT, stage
 * "config", code "config.invalid") naming the file and line. A missing
 * config file means all defaults. */
#ifndef ONRAMP_CONFIG_H
#define ONRAMP_CONFIG_H
#include <stdbool.h>
#include "error.h"
#include "paths.h"

struct config {
	char dir[PATHS_MAX];        /* $XDG_CONFIG_HOME/onramp */
	char path[PATHS_MAX];       /* .../config */
	int credits;
	char public_key[PATHS_MAX]; /* absolute */
	char secret_key[PATHS_MAX]; /* absolute; "" on a kiosk or when set empty */
	bool kiosk;
	int idle_timeout;
	char theme[64];
	char language[16];          /* "" = the environment decides */
	char database[512];         /* "" = SQLite in the data folder */
	char platform_name[96];     /* kiosk invites: this platform's name ("" = "the platform") */
	char platform_api[256];     /* the platform's API address: put in invites, and where a
				     * kiosk resolves short codes */
};

/* Defaults for a config living in dir (paths resolved against it). */
void config_defaults(struct config *cfg, const char *dir);
/* Parses config text; source names it in errors. cfg should hold the
 * defaults first. */
int config_parse(struct config *cfg, const char *text, const char *source,
		 struct onr_error *err);
/* Finds the config folder (creating it 0700), then loads the file. */
int config_load(struct config *cfg, struct onr_error *err);
/* This process is a kiosk (--kiosk): every config_load after this says
 * kiosk = true, whatever the file says, so no key pair is ever made and
 * no secret key is used. */
void config_force_kiosk(void);
#endif
