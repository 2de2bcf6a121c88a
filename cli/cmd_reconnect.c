/* `onramp reconnect ID`: the same system again, prefilled from the old
 * connection's public fields. Success makes a new connection with a new id
 * and token; the old one stays as it is. In a terminal it opens the
 * wizard; with --json, --secret or --non-interactive (or no terminal) it
 * runs `connect` with the old fields and the options given. */
#include "commands.h"
#include "i18n.h"
#include "lifecycle.h"
#include "print.h"
#include "util.h"
#include "../tui/frontend.h"
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool scripted(const struct cli_args *a)
{
	return cli_flag(a, "--json") || cli_flag(a, "--secret") || cli_flag(a, "--non-interactive") ||
	       !isatty(STDIN_FILENO);
}

/* The old public fields, as "KEY=VALUE" (freed by the caller) and as
 * presets pointing into pub. Returns how many. */
static size_t old_fields(const cJSON *pub, char **kv, struct preset *presets)
{
	const cJSON *it;
	size_t n = 0;
	cJSON_ArrayForEach(it, pub) {
		if (!cJSON_IsString(it))
			continue;
		size_t len = strlen(it->string) + strlen(it->valuestring) + 2;
		kv[n] = xmalloc(len);
		str_fmt(kv[n], len, "%s=%s", it->string, it->valuestring);
		presets[n++] = (struct preset){it->string, it->valuestring, false};
	}
	return n;
}

/* `onramp connect SYSTEM --field K=V ... [the options given]`. */
static int run_connect(const struct cli_args *a, const char *system, char **kv, size_t n)
{
	char **args = xcalloc(2 + 2 * n + 2 * (size_t)a->ngiven + 1, sizeof(char *));
	int k = 0, rc;
	args[k++] = "connect";
	args[k++] = (char *)system;
	for (size_t i = 0; i < n; i++) {
		args[k++] = "--field";
		args[k++] = kv[i];
	}
	for (int i = 0; i < a->ngiven; i++) {
		args[k++] = (char *)a->given[i].opt->name;
		if (a->given[i].value)
			args[k++] = (char *)a->given[i].value;
	}
	rc = cli_run(&cmd_connect_entry, k, args);
	free(args);
	return rc;
}

/* The wizard on the old system's form, prefilled. */
static int open_wizard(const char *system, const struct preset *presets, size_t n, const char *plain_http)
{
	struct frontend_opts o = {0};
	o.w.result_fd = -1;
	o.w.plain_http_origin = plain_http;
	o.w.system = system;
	o.w.presets = presets;
	o.w.npresets = n;
	return frontend_run(&o);
}

static int run_reconnect(const struct cli_args *a)
{
	struct conn old;
	struct onr_error err;
	int rc;
	if (lifecycle_get(a->pos[0], &old, &err) < 0)
		return print_fail(&err, a->json);
	cJSON *pub = cJSON_Parse(old.public_json ? old.public_json : "{}");
	size_t size = (size_t)cJSON_GetArraySize(pub) + 1, n;
	char **kv = xcalloc(size, sizeof(*kv));
	struct preset *presets = xcalloc(size, sizeof(*presets));
	n = old_fields(pub, kv, presets);
	/* the old yes to plain http goes along, for its address only: a
	 * changed address asks again */
	const char *plain = old.plain_http && *old.plain_http ? old.plain_http : NULL;
	cmd_connect_keep_plain_http(plain);
	rc = scripted(a) ? run_connect(a, old.system, kv, n) : open_wizard(old.system, presets, n, plain);
	cmd_connect_keep_plain_http(NULL);
	for (size_t i = 0; i < n; i++)
		free(kv[i]);
	free(kv);
	free(presets);
	cJSON_Delete(pub);
	conn_free(&old);
	return rc;
}

const struct cli_command cmd_reconnect_entry = {
	.name = "reconnect",
	.args = N_("the connection's ID"),
	.usage = N_("onramp reconnect ID                   the wizard, prefilled\n"
		 "onramp reconnect ID [connect options] --json   no prompts"),
	.about = N_("Connects the same system again, prefilled from the old connection's public\n"
		 "fields: in a terminal the wizard opens on its form; with --json, --secret or\n"
		 "--non-interactive, or without a terminal, it runs onramp connect with the old\n"
		 "fields and the options given. Success makes a new connection with a new id\n"
		 "and token; the old one stays as it is."),
	.opts = connect_opts,
	.min_args = 1,
	.max_args = 1,
	.exits = N_("Exit codes: as for onramp connect; 3 when the id is unknown.\n"),
	.run = run_reconnect,
};
