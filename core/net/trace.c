#include "trace.h"
#include "util.h"
#include <ctype.h>
#include <sodium.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Header names whose values are always credentials or session state. */
static const char *const secret_headers[] = {
	"authorization", "proxy-authorization", "cookie", "set-cookie", "x-csrf-token",
	"apikey", "api-key", "x-api-key", "x-shopify-access-token", "dolapikey",
	"session-token" /* UpKeep */, NULL};
/* Any header whose name contains one of these is treated the same way. */
static const char *const secret_words[] = {"token", "secret", "password", "session", "key", NULL};

static bool header_is_secret(const char *line, size_t namelen)
{
	char name[64];
	if (namelen == 0 || namelen >= sizeof(name))
		return false;
	for (size_t i = 0; i < namelen; i++)
		name[i] = (char)tolower((unsigned char)line[i]);
	name[namelen] = 0;
	for (int i = 0; secret_headers[i]; i++)
		if (!strcmp(name, secret_headers[i]))
			return true;
	for (int i = 0; secret_words[i]; i++)
		if (strstr(name, secret_words[i]))
			return true;
	return false;
}


/* Replaces line[from, to) with the mark; false when it does not fit. */
static bool splice_mark(char *line, size_t size, char *from, char *to)
{
	static const char mark[] = "[redacted]";
	size_t ml = sizeof(mark) - 1, rest = strlen(to);
	if ((size_t)(from - line) + ml + rest + 1 > size)
		return false;
	memmove(from + ml, to, rest + 1);
	memcpy(from, mark, ml);
	return true;
}

/* Query parameters whose names look secret ("?api_key=...",
 * "&access_token=..."): their values go even when percent-encoding keeps
 * the raw secret values from matching. */
static void redact_query(char *line, size_t size)
{
	char *p = strchr(line, '?');
	while (p && (*p == '?' || *p == '&')) {
		char *name = p + 1, *eq = name + strcspn(name, "=& "), *end;
		if (*eq != '=') {
			p = eq;
			continue;
		}
		end = eq + 1 + strcspn(eq + 1, "& ");
		if (end > eq + 1 && header_is_secret(name, (size_t)(eq - name))) {
			if (!splice_mark(line, size, eq + 1, end))
				return;
			end = eq + 1 + strlen("[redacted]");
		}
		p = end;
	}
}

static void replace_all(char *line, size_t size, const char *needle)
{
	size_t nl = strlen(needle);
	char *at = line;
	if (nl < 3) /* too short to find without blanking ordinary words */
		return;
	while ((at = strstr(at, needle)) && splice_mark(line, size, at, at + nl))
		at += strlen("[redacted]");
}

/* v percent-encoded as RFC 3986 says (form: a space as '+', as in
 * application/x-www-form-urlencoded), hex in either case. */
static void pct_encode(char *out, size_t size, const char *v, bool form, bool upper)
{
	const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t o = 0;
	for (; *v && o + 4 < size; v++) {
		unsigned char c = (unsigned char)*v;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			out[o++] = (char)c;
		else if (form && c == ' ')
			out[o++] = '+';
		else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = 0;
}

/* The base64 characters that depend on v alone when v starts at byte
 * offset a (0-2) of what is encoded ("user:" before it in Basic): the
 * whole groups of three bytes that v fills. */
static void b64_core(char *out, size_t size, const char *v, size_t a)
{
	size_t len = strlen(v), total = a + len, first = a ? 1 : 0, last = total / 3;
	unsigned char in[1536];
	char enc[2052];
	out[0] = 0;
	if (total > sizeof(in) || last <= first)
		return;
	memset(in, 0, a);
	memcpy(in + a, v, len);
	sodium_bin2base64(enc, sizeof(enc), in, total, sodium_base64_VARIANT_ORIGINAL);
	size_t n = (last - first) * 4;
	if (n < size) {
		memcpy(out, enc + first * 4, n);
		out[n] = 0;
	}
	sodium_memzero(in, sizeof(in));
	sodium_memzero(enc, sizeof(enc));
}

/* A secret in every encoding that can reach a trace line, whatever its
 * parameter or header is called. */
static void replace_encoded(char *line, size_t size, const char *v)
{
	char enc[2048];
	for (int i = 0; i < 4; i++) {
		pct_encode(enc, sizeof(enc), v, i & 1, i & 2);
		if (strcmp(enc, v))
			replace_all(line, size, enc);
	}
	for (size_t a = 0; a < 3; a++) {
		b64_core(enc, sizeof(enc), v, a);
		if (strlen(enc) >= 4)
			replace_all(line, size, enc);
	}
	sodium_memzero(enc, sizeof(enc));
}

void trace_redact_line(char *line, size_t size, const char *const *redact)
{
	const char *colon = strchr(line, ':');
	if (colon && header_is_secret(line, (size_t)(colon - line)))
		str_copy((char *)colon + 1, size - (size_t)(colon + 1 - line), " [redacted]");
	redact_query(line, size);
	for (int i = 0; redact && redact[i]; i++) {
		replace_all(line, size, redact[i]);
		if (strlen(redact[i]) >= 3)
			replace_encoded(line, size, redact[i]);
	}
}

void trace_note(FILE *f, const char *fmt, ...)
{
	va_list ap;
	if (!f)
		return;
	fprintf(f, "[%lld] ", now_ms());
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
}

/* Writes header or info text line by line, each line redacted. */
static void trace_lines(FILE *f, const char *prefix, const char *data, size_t size,
			const char *const *redact)
{
	while (size > 0) {
		const char *nl = memchr(data, '\n', size);
		size_t n = nl ? (size_t)(nl - data) : size;
		char raw[2048], line[2048];
		str_copy(raw, sizeof(raw), "");
		memcpy(raw, data, n < sizeof(raw) - 1 ? n : sizeof(raw) - 1);
		raw[n < sizeof(raw) - 1 ? n : sizeof(raw) - 1] = 0;
		trace_redact_line(raw, sizeof(raw), redact);
		str_clean(line, sizeof(line), raw, strlen(raw));
		sodium_memzero(raw, sizeof(raw));
		if (line[0])
			fprintf(f, "[%lld] %s %s\n", now_ms(), prefix, line);
		size -= nl ? n + 1 : n;
		data += nl ? n + 1 : n;
	}
}

void trace_curl(FILE *f, curl_infotype type, const char *data, size_t size,
		const char *const *redact)
{
	if (!f)
		return;
	switch (type) {
	case CURLINFO_TEXT:
		trace_lines(f, "*", data, size, redact);
		break;
	case CURLINFO_HEADER_OUT:
		trace_lines(f, ">", data, size, redact);
		break;
	case CURLINFO_HEADER_IN:
		trace_lines(f, "<", data, size, redact);
		break;
	case CURLINFO_DATA_OUT:
		/* Bodies carry passwords in JSON-RPC logins: only their size. */
		fprintf(f, "[%lld] > [%zu bytes of request body, not recorded]\n", now_ms(), size);
		break;
	case CURLINFO_DATA_IN:
		fprintf(f, "[%lld] < [%zu bytes of response body]\n", now_ms(), size);
		break;
	default:
		break;
	}
	fflush(f);
}
