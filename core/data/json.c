#include "data/json.h"
#include "util.h"
#include <cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARK '\x01'
/* cJSON_IsObject and the like, without a call into the library each:
 * the getters run for every field of every order */
#define IS(j, t) ((j) && ((j)->type & 0xFF) == (t))

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

/* Whether p's name is key: the first byte compared before strcmp (a
 * record has dozens of members, and this ran hot: a tenth of reading a
 * page) */
static bool is_key(const cJSON *p, const char *key)
{
	return p->string && p->string[0] == key[0] && !strcmp(p->string, key);
}

/* obj's member key: cJSON_GetObjectItemCaseSensitive, with is_key */
static const cJSON *member(const cJSON *obj, const char *key)
{
	for (const cJSON *c = obj->child; c; c = c->next)
		if (is_key(c, key))
			return c;
	return NULL;
}

const cJSON *json_get(const cJSON *obj, const char *key)
{
	return IS(obj, cJSON_Object) ? member(obj, key) : NULL;
}

const cJSON *json_at(const cJSON *obj, const char *path)
{
	char part[64];
	while (obj && path && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(part) || !IS(obj, cJSON_Object))
			return NULL;
		memcpy(part, path, n);
		part[n] = 0;
		obj = member(obj, part);
		path = dot ? dot + 1 : NULL;
	}
	return obj;
}

const cJSON *json_cur_find(struct json_cur *c, const char *key, const cJSON *from)
{
	const cJSON *first, *p;
	if (!IS(c->obj, cJSON_Object))
		return NULL;
	first = c->at ? c->at->next : c->obj->child; /* what json_cur_get tried first */
	for (p = from; p; p = p->next)
		if (is_key(p, key))
			return c->at = p;
	for (p = c->obj->child; p != first; p = p->next) /* round to the start (NULL first: all of them) */
		if (is_key(p, key))
			return c->at = p;
	return NULL;
}

int json_dec(const cJSON *j, struct dec *out, bool *empty)
{
	const char *s = IS(j, cJSON_String) ? json_text(j) : NULL;
	bool none = !j || IS(j, cJSON_NULL) || (IS(j, cJSON_String) && !s);
	if (empty)
		*empty = none;
	if (none || !s)
		return DEC_SYNTAX;
	return dec_parse_text(s, out);
}

static bool valid_parts(int y, int mo, int d, int h, int mi, int s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return y >= 1 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= mdays[mo - 1] && h >= 0 && h <= 23 &&
	       mi >= 0 && mi <= 59 && s >= 0 && s <= 60;
}

/* v as exactly n digits, zero-padded (v < 10^n) */
static char *put_digits(char *o, int v, int n)
{
	for (int i = n - 1; i >= 0; i--, v /= 10)
		o[i] = (char)('0' + v % 10);
	return o + n;
}

bool json_date_parts(int y, int mo, int d, int h, int mi, int s, bool date_only, char *out, size_t size)
{
	char t[24], *o = t;
	if (!valid_parts(y, mo, d, h, mi, s))
		return false;
	/* "%04d-%02d-%02d[T%02d:%02d:%02dZ]" without printf: every order
	 * has three or four dates, and formatting them cost more than
	 * reading them */
	o = put_digits(o, y, 4);
	*o++ = '-';
	o = put_digits(o, mo, 2);
	*o++ = '-';
	o = put_digits(o, d, 2);
	if (!date_only) {
		*o++ = 'T';
		o = put_digits(o, h, 2);
		*o++ = ':';
		o = put_digits(o, mi, 2);
		*o++ = ':';
		o = put_digits(o, s, 2);
		*o++ = 'Z';
	}
	*o = 0;
	str_copy(out, size, t);
	return true;
}

/* Days since 1970-01-01 -> the civil date (proleptic Gregorian), as
 * gmtime_r gives it, without its time-zone lock. */
static void civil_from_days(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Seconds since the epoch -> parts, in UTC. */
static bool from_epoch(long long secs, bool date_only, char *out, size_t size)
{
	int y, mo, d;
	long long days, rem;
	if (secs < -62135596800LL || secs > 253402300799LL)
		return false;
	days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	rem = secs - days * 86400;
	civil_from_days(days, &y, &mo, &d);
	return json_date_parts(y, mo, d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60), date_only, out,
			       size);
}

/* in matches shape, where each 'd' is a digit and any other byte stands
 * for itself: the digit runs' values go to v[0], v[1], ... This is the
 * usual case of the sscanf patterns below ("%4d-%2d-%2d" and the like),
 * read without sscanf, which cost more than the rest of a date; any
 * other text goes on to sscanf, so what is accepted stays the same. */
static bool shaped(const char *in, const char *shape, int *v)
{
	int k = -1;
	bool run = false; /* in a digit run */
	for (; *shape; shape++, in++) {
		if (*shape != 'd') {
			if (*in != *shape)
				return false;
			run = false;
			continue;
		}
		if (*in < '0' || *in > '9')
			return false;
		if (!run)
			v[++k] = 0;
		run = true;
		v[k] = v[k] * 10 + (*in - '0');
	}
	return true;
}

/* sscanf(in, "/Date(%lld%n"), for a run of up to 18 digits */
static bool odata_ms(const char *in, long long *ms, int *used)
{
	const char *p = in + 6;
	bool neg = *p == '-';
	long long v = 0;
	int n = 0;
	if (strncmp(in, "/Date(", 6) != 0)
		return false;
	for (p += neg; n < 19 && p[n] >= '0' && p[n] <= '9'; n++)
		;
	if (n == 0 || n > 18) /* a sign, space or overflow: sscanf's rules */
		return sscanf(in, "/Date(%lld%n", ms, used) == 1;
	for (int i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	*ms = neg ? -v : v;
	*used = (int)(p + n - in);
	return true;
}

/* "/Date(1741046400000)/" or "/Date(1741046400000+0060)/" (offset in
 * minutes, which OData V2 adds for DateTimeOffset; the ms are UTC). */
static bool odata_date(const char *in, bool date_only, char *out, size_t size)
{
	long long ms;
	int used = 0, off = 0;
	char sign = 0;
	if (!odata_ms(in, &ms, &used))
		return false;
	in += used;
	if ((*in == '+' || *in == '-') && shaped(in + 1, "dddd", &off))
		in += 5;
	else if ((*in == '+' || *in == '-') && sscanf(in, "%c%4d%n", &sign, &off, &used) == 2)
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
	int y, mo, d, h = 0, mi = 0, s = 0, n = 0, zh = 0, zm = 0, v[3];
	if (shaped(in, "dddd-dd-dd", v))
		y = v[0], mo = v[1], d = v[2], n = 10;
	else if (sscanf(in, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return false;
	in += n;
	if (*in == 'T' || *in == ' ') {
		if (shaped(in + 1, "dd:dd:dd", v))
			h = v[0], mi = v[1], s = v[2], n = 8;
		else if (sscanf(in + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &n) != 3 || n != 8)
			return false;
		in += 1 + n;
		if (*in == '.')
			for (in++; *in >= '0' && *in <= '9'; in++)
				;
		if ((*in == '+' || *in == '-') && shaped(in + 1, "dd:dd", v))
			zh = v[0], zm = v[1], n = 5;
		else if ((*in == '+' || *in == '-') && sscanf(in + 1, "%2d:%2d%n", &zh, &zm, &n) == 2 && n == 5)
			;
		else
			n = 0;
		if (n == 5) {
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

static bool read_date(const char *in, bool date_only, char *out, size_t size)
{
	if (in[0] == '/')
		return odata_date(in, date_only, out, size);
	return iso_date(in, date_only, out, size);
}

/* The first n bytes of a and b are the same: a word at a time, the last
 * word overlapping, for the 10 to 24 bytes of a date */
static inline bool same_text(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	if (n < 8)
		return !memcmp(a, b, n);
	for (size_t i = 0; i + 8 < n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			return false;
	}
	memcpy(&x, a + n - 8, 8);
	memcpy(&y, b + n - 8, 8);
	return x == y;
}

size_t json_date(const char *in, bool date_only, char *out, size_t size)
{
	/* The last two texts read in each form, and what they gave: the
	 * orders of a page mostly share their dates (the day an order was
	 * made, its lines' delivery dates), and comparing costs less than
	 * reading. Two, because an order's two date-times (made, changed)
	 * come one after the other and the changed one rarely repeats. */
	static _Thread_local struct {
		char in[32], out[24];
		unsigned char in_len, len; /* in_len 0: empty */
	} last[2][2];
	static _Thread_local unsigned char next[2];
	size_t n, m;
	if (!in || !*in || !size)
		return 0;
	n = strlen(in);
	for (int i = 0; i < 2; i++)
		if (last[date_only][i].in_len == n && same_text(last[date_only][i].in, in, n)) {
			m = last[date_only][i].len;
			if (size >= sizeof(last[0][0].out)) /* ASCII, whole: a plain copy */
				memcpy(out, last[date_only][i].out, sizeof(last[0][0].out));
			else
				str_copy(out, size, last[date_only][i].out);
			return m < size ? m : strlen(out);
		}
	if (!read_date(in, date_only, out, size))
		return 0;
	m = strlen(out);
	if (size >= sizeof(last[0][0].out) && n < sizeof(last[0][0].in) && m < sizeof(last[0][0].out)) {
		int i = next[date_only];
		next[date_only] = (unsigned char)!i;
		memcpy(last[date_only][i].in, in, n + 1);
		memcpy(last[date_only][i].out, out, m + 1);
		last[date_only][i].in_len = (unsigned char)n;
		last[date_only][i].len = (unsigned char)m;
	}
	return m;
}
