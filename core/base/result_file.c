#include "i18n.h"
#include "result_file.h"
#include "report_json.h"
#include "util.h"
#include <cJSON.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int result_open(const char *path, const char *fd_text, struct onr_error *err)
{
	int fd = -1;
	if (path)
		fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	else if (fd_text) {
		char *end;
		long n = strtol(fd_text, &end, 10);
		fd = *fd_text && !*end && n > 2 && n < 1024 && fcntl((int)n, F_GETFD) >= 0 ? (int)n : -1;
	} else {
		return -1;
	}
	if (fd < 0)
		error_set(err, EXIT_USAGE, "", "usage.result", _("The result file or descriptor cannot be written."),
			  _("Give --result-file with a writable path, or --result-fd with an open descriptor above 2."), NULL);
	return fd;
}

/* Writes j as one line; wipe (may be NULL) holds a secret to blank out
 * before the JSON is freed. */
static void write_line(int fd, cJSON *j, cJSON *wipe)
{
	char *s = cJSON_PrintUnformatted(j);
	if (s) {
		size_t n = strlen(s);
		s[n] = '\n';
		if (write(fd, s, n + 1) < 0) {
			/* the caller went away: nothing else to tell */
		}
		sodium_memzero(s, n + 1);
		free(s);
	}
	if (wipe && wipe->valuestring)
		sodium_memzero(wipe->valuestring, strlen(wipe->valuestring));
	cJSON_Delete(j);
}

void result_write_ok(int fd, const char *system, const char *id, const char *token)
{
	if (fd < 0)
		return;
	cJSON *j = cJSON_CreateObject(), *c = cJSON_AddObjectToObject(j, "connection");
	cJSON_AddBoolToObject(j, "ok", true);
	cJSON_AddStringToObject(c, "id", id);
	cJSON_AddStringToObject(c, "system", system);
	write_line(fd, j, cJSON_AddStringToObject(j, "token", token));
}

void result_write_error(int fd, const struct onr_error *e)
{
	if (fd < 0)
		return;
	cJSON *j = cJSON_CreateObject();
	cJSON_AddBoolToObject(j, "ok", false);
	cJSON_AddItemToObject(j, "error", report_error_json(e));
	write_line(fd, j, NULL);
}
