/* api_json.c: records and small values as JSON (see api_json.h). */
#include "api/api_json.h"
#include <stdio.h>
#include <string.h>

void api_json_time(struct buf *b, time_t t)
{
	struct tm tm;
	char s[32];
	if (t <= 0 || !gmtime_r(&t, &tm)) {
		buf_adds(b, "null");
		return;
	}
	strftime(s, sizeof(s), "\"%Y-%m-%dT%H:%M:%SZ\"", &tm);
	buf_adds(b, s);
}

void api_json_string(struct buf *b, const char *s)
{
	buf_adds(b, "\"");
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			buf_addf(b, "\\%c", ch);
		else if (ch < 0x20)
			buf_addf(b, "\\u%04x", ch);
		else
			buf_add(b, s, 1);
	}
	buf_adds(b, "\"");
}

void api_json_record(struct buf *b, const struct rec *r, bool remote_data)
{
	size_t len = strlen(r->json);
	/* the stored object without its closing brace, then our member */
	while (len && r->json[len - 1] != '}')
		len--;
	if (len < 2) {
		buf_adds(b, "{");
	} else {
		buf_add(b, r->json, len - 1);
		buf_adds(b, len > 2 ? "," : "");
	}
	if (remote_data) /* stored as JSON by the sync (raw.h): copied as it is */
		buf_addf(b, "\"remote_data\":%s,", r->raw && *r->raw ? r->raw : "null");
	buf_addf(b, "\"_onramp\":{\"seq\":%lld,\"last_action\":\"%s\",\"first_seen_at\":", r->seq,
		 rec_action_name(r->action));
	api_json_time(b, r->first_seen);
	buf_adds(b, ",\"last_modified_at\":");
	api_json_time(b, r->last_modified);
	buf_adds(b, ",\"deleted_at\":");
	api_json_time(b, r->deleted_at);
	buf_adds(b, ",\"raw_status\":");
	api_json_string(b, r->raw_status);
	buf_adds(b, "}}");
}

time_t api_parse_time(const char *s)
{
	struct tm tm = {0};
	char tail[8] = "";
	int n = sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%7s", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		       &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tail);
	if (strlen(s) == 10 && n == 3)
		tail[0] = 0;
	else if (n != 7 || strcmp(tail, "Z") != 0)
		return -1;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60 || tm.tm_year < 1970)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}
