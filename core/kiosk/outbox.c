/* outbox.c: the kiosk's outbox files (outbox.h). */
#include "outbox.h"
#include "paths.h"
#include "store.h"
#include "util.h"
#include <cJSON.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static int outbox_dir(char *out, size_t size, struct onr_error *err)
{
	char data[PATHS_MAX];
	if (paths_data_dir(data, sizeof(data), true, err) != 0)
		return -1;
	paths_join(out, size, data, "outbox");
	return paths_mkdirs(out, true, err);
}

static int item_path(const char *id, char *out, size_t size, struct onr_error *err)
{
	char dir[PATHS_MAX], name[32];
	if (!store_id_valid(id) || outbox_dir(dir, sizeof(dir), err) != 0)
		return -1;
	str_fmt(name, sizeof(name), "%s.json", id);
	return paths_join(out, size, dir, name);
}

void outbox_items_free(struct outbox_item *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		delivery_free(&v[i].d);
	free(v);
}

int outbox_put(const struct outbox_item *it, struct onr_error *err)
{
	char path[PATHS_MAX], *text = delivery_json(&it->d, true);
	cJSON *j = cJSON_Parse(text);
	int rc = -1;
	free(text);
	cJSON_AddNumberToObject(j, "attempts", it->attempts);
	cJSON_AddNumberToObject(j, "next_at", (double)it->next_at);
	cJSON_AddNumberToObject(j, "created", (double)it->created);
	cJSON_AddStringToObject(j, "last_error", it->last_error);
	cJSON_AddBoolToObject(j, "refused", it->refused);
	text = cJSON_PrintUnformatted(j);
	cJSON_Delete(j);
	if (item_path(it->d.conn_id, path, sizeof(path), err) == 0)
		rc = paths_write_atomic(path, text, strlen(text), 0, err);
	free(text);
	return rc;
}

static double num(cJSON *j, const char *name)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(j, name);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static bool load(const char *path, struct outbox_item *it)
{
	char *text = NULL;
	size_t len = 0;
	struct onr_error err;
	cJSON *j, *v;
	memset(it, 0, sizeof(*it));
	if (paths_read(path, 256 * 1024, false, &text, &len, &err) != 0)
		return false;
	bool ok = delivery_parse(text, len, true, &it->d, &err) == 0;
	if (ok && (j = cJSON_ParseWithLength(text, len))) {
		it->attempts = (int)num(j, "attempts");
		it->next_at = (long long)num(j, "next_at");
		it->created = (long long)num(j, "created");
		if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(j, "last_error")))
			str_copy(it->last_error, sizeof(it->last_error), v->valuestring);
		it->refused = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "refused"));
		cJSON_Delete(j);
	}
	free(text);
	return ok;
}

static int by_created(const void *a, const void *b)
{
	const struct outbox_item *x = a, *y = b;
	return x->created < y->created ? -1 : x->created > y->created ? 1 : strcmp(x->d.conn_id, y->d.conn_id);
}

int outbox_list(struct outbox_item **v, size_t *n, struct onr_error *err)
{
	char dir[PATHS_MAX], path[PATHS_MAX];
	struct dirent *e;
	size_t cap = 0;
	DIR *d;
	*v = NULL;
	*n = 0;
	if (outbox_dir(dir, sizeof(dir), err) != 0)
		return -1;
	if (!(d = opendir(dir)))
		return 0;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l != 13 || strcmp(e->d_name + 8, ".json"))
			continue; /* temporary files of an interrupted write, and the like */
		if (*n == cap)
			*v = xrealloc(*v, (cap = cap ? cap * 2 : 8) * sizeof(**v));
		paths_join(path, sizeof(path), dir, e->d_name);
		if (load(path, &(*v)[*n]))
			(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(*v, *n, sizeof(**v), by_created);
	return 0;
}

int outbox_remove(const char *conn_id, struct onr_error *err)
{
	char path[PATHS_MAX];
	if (item_path(conn_id, path, sizeof(path), err) != 0)
		return -1;
	return paths_destroy(path, err);
}
