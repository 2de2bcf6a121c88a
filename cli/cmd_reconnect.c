/* `onramp reconnect ID`: the same system again, prefilled from the old
 * connection's public fields. Success makes a new connection with a new id
 * and token; the old one stays as it is. In a terminal it opens the
 * wizard; with --json or --secret it runs `connect` non-interactively. */
#include "commands.h"
#include "lifecycle.h"
#include "print.h"
#include "util.h"
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int usage(FILE *f)
{
	fputs("usage: onramp reconnect ID                       the wizard, prefilled\n"
	      "       onramp reconnect ID [connect options] --json   no prompts (see onramp connect --help)\n"
	      "\nExit codes: as for onramp connect; 3 when the id is unknown.\n", f);
	return f == stdout ? EXIT_OK : EXIT_USAGE;
}

static bool scripted(int argc, char **argv)
{
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "--secret") || !strcmp(argv[i], "--non-interactive"))
			return true;
	return !isatty(STDIN_FILENO);
}

int cmd_reconnect(int argc, char **argv, reconnect_wizard_fn wizard)
{
	struct conn old;
	struct onr_error err;
	bool json = false;
	int rc;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return usage(stdout);
		json |= !strcmp(argv[i], "--json");
	}
	if (argc < 2 || argv[1][0] == '-')
		return usage(stderr);
	if (lifecycle_get(argv[1], &old, &err) < 0)
		return print_fail(&err, json);
	cJSON *pub = cJSON_Parse(old.public_json ? old.public_json : "{}"), *it;
	size_t n = (size_t)cJSON_GetArraySize(pub), k = 0;
	char **args = xcalloc((size_t)argc + 2 * n + 2, sizeof(char *));
	struct preset *presets = xcalloc(n + 1, sizeof(*presets));
	args[k++] = "connect";
	args[k++] = old.system;
	cJSON_ArrayForEach(it, pub) {
		if (!cJSON_IsString(it))
			continue;
		size_t len = strlen(it->string) + strlen(it->valuestring) + 2;
		char *kv = xmalloc(len);
		str_fmt(kv, len, "%s=%s", it->string, it->valuestring);
		presets[k / 2 - 1] = (struct preset){it->string, it->valuestring, false};
		args[k++] = "--field";
		args[k++] = kv;
	}
	size_t npresets = k / 2 - 1;
	if (scripted(argc, argv)) {
		for (int i = 2; i < argc; i++)
			args[k++] = argv[i];
		rc = cmd_connect((int)k, args);
	} else {
		rc = wizard(old.system, presets, npresets);
	}
	for (size_t i = 3; i < 2 + 2 * npresets + 1; i += 2)
		free(args[i]);
	free(args);
	free(presets);
	cJSON_Delete(pub);
	conn_free(&old);
	return rc;
}
