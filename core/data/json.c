#include "data/json.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MARK '\x01'

cJSON *json_parse_exact(const char *body, size_t len)
{
	return json_arena_parse(body, len, true, NULL);
}

void json_unmark(cJSON *j)
{
	for (cJSON *c = j ? j->child : NULL; c; c = c->next) {
		if (cJSON_IsString(c) && c->valuestring && c->valuestring[0] == MARK) {
			/* a raw item prints its text as it is: the digits as sent */
			memmove(c->valuestring, c->valuestring + 1, strlen(c->valuestring));
			c->type = cJSON_Raw | (c->type & cJSON_StringIsConst);
		} else {
			json_unmark(c);
		}
	}
}

/* obj's member key: cJSON_GetObjectItemCaseSensitive, but the first byte
 * is compared before strcmp (a record has dozens of members, and this ran
 * hot: a tenth of reading a page) */
static const cJSON *member(const cJSON *obj, const char *key)
{
	for (const cJSON *c = obj->child; c; c = c->next)
		if (c->string && c->string[0] == key[0] && !strcmp(c->string, key))
			return c;
	return NULL;
}

const cJSON *json_at(const cJSON *obj, const char *path)
{
	char part[64];
	while (obj && path && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(part) || !cJSON_IsObject(obj))
			return NULL;
		memcpy(part, path, n);
		part[n] = 0;
		obj = member(obj, part);
		path = dot ? dot + 1 : NULL;
	}
	return obj;
}

const cJSON *json_cur_get(struct json_cur *c, const char *key)
{
	const cJSON *start, *p;
	if (!cJSON_IsObject(c->obj) || !c->obj->child)
		return NULL;
	start = c->at && c->at->next ? c->at->next : c->obj->child;
	p = start;
	do {
		if (p->string && p->string[0] == key[0] && !strcmp(p->string, key)) {
			c->at = p;
			return p;
		}
		p = p->next ? p->next : c->obj->child;
	} while (p != start);
	return NULL;
}

const char *json_text(const cJSON *j)
{
	if (cJSON_IsTrue(j))
		return "true";
	if (cJSON_IsFalse(j))
		return "false";
	if (!cJSON_IsString(j) || !j->valuestring || !j->valuestring[0])
		return NULL;
	const char *s = j->valuestring;
	return s[0] == MARK ? (s[1] ? s + 1 : NULL) : s;
}

int json_dec(const cJSON *j, struct dec *out, bool *empty)
{
	const char *s = cJSON_IsString(j) ? json_text(j) : NULL;
	bool none = !j || cJSON_IsNull(j) || (cJSON_IsString(j) && !s);
	if (empty)
		*empty = none;
	if (none || !s)
		return DEC_SYNTAX;
	return dec_parse(s, strlen(s), out);
}

static bool valid_parts(int y, int mo, int d, int h, int mi, int s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return y >= 1 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= mdays[mo - 1] && h >= 0 && h <= 23 &&
	       mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

bool json_date_parts(int y, int mo, int d, int h, int mi, int s, bool date_only, char *out, size_t size)
{
	if (!valid_parts(y, mo, d, h, mi, s))
		return false;
	if (date_only)
		str_fmt(out, size, "%04d-%02d-%02d", y, mo, d);
	else
		str_fmt(out, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
	return true;
}

/* Seconds since the epoch -> parts, in UTC. */
static bool from_epoch(long long secs, bool date_only, char *out, size_t size)
{
	struct tm tm;
	time_t t = (time_t)secs;
	if (secs < -62135596800LL || secs > 253402300799LL || !gmtime_r(&t, &tm))
		return false;
	return json_date_parts(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			       date_only, out, size);
}

/* "/Date(1741046400000)/" or "/Date(1741046400000+0060)/" (offset in
 * minutes, which OData V2 adds for DateTimeOffset; the ms are UTC). */
static bool odata_date(const char *in, bool date_only, char *out, size_t size)
{
	long long ms;
	int used = 0, off = 0;
	char sign = 0;
	if (sscanf(in, "/Date(%lld%n", &ms, &used) != 1)
		return false;
	in += used;
	if ((*in == '+' || *in == '-') && sscanf(in, "%c%4d%n", &sign, &off, &used) == 2)
		in += used;
	if (strcmp(in, ")/") != 0)
		return false;
	return from_epoch(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000), date_only, out, size);
}

static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400, doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* "2026-03-02", then optionally "T"/" " + "10:00:00", fractions, zone. */
static bool iso_date(const char *in, bool date_only, char *out, size_t size)
{
	int y, mo, d, h = 0, mi = 0, s = 0, n = 0, zh = 0, zm = 0;
	if (sscanf(in, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return false;
	in += n;
	if (*in == 'T' || *in == ' ') {
		if (sscanf(in + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &n) != 3 || n != 8)
			return false;
		in += 1 + n;
		if (*in == '.')
			for (in++; *in >= '0' && *in <= '9'; in++)
				;
		if ((*in == '+' || *in == '-') && sscanf(in + 1, "%2d:%2d%n", &zh, &zm, &n) == 2 && n == 5) {
			int sign = *in == '-' ? 1 : -1; /* to UTC: subtract the offset */
			zh *= sign, zm *= sign;
			in += 1 + n;
		} else if (*in == 'Z') {
			in++;
		}
	}
	if (*in || !valid_parts(y, mo, d, h, mi, s))
		return false;
	if (date_only)
		return json_date_parts(y, mo, d, 0, 0, 0, true, out, size);
	return from_epoch(days_from_civil(y, mo, d) * 86400 + (h + zh) * 3600 + (mi + zm) * 60 + s, false, out, size);
}

bool json_date(const char *in, bool date_only, char *out, size_t size)
{
	if (!in || !*in)
		return false;
	if (in[0] == '/')
		return odata_date(in, date_only, out, size);
	return iso_date(in, date_only, out, size);
}
