#include "template.h"
#include "util.h"
#include "curl_dl.h"
#include <string.h>

static void add_value(struct secbuf *out, const struct form_field *ff, bool url_mode)
{
	const char *v = ff->value.p;
	size_t n = ff->value.len;
	char *esc;

	if (!url_mode) {
		secbuf_add(out, v, n);
		return;
	}
	if (ff->def->kind == FIELD_URL) {
		while (n > 0 && v[n - 1] == '/')
			n--;
		secbuf_add(out, v, n);
		return;
	}
	esc = curl_easy_escape(NULL, v, (int)n);
	if (esc) {
		secbuf_adds(out, esc);
		memset(esc, 0, strlen(esc)); /* may be a secret */
		curl_free(esc);
	}
}

int tpl_render(const char *tpl, const struct form *form, bool url_mode,
	       struct secbuf *out, char *missing, size_t mlen)
{
	const char *p = tpl ? tpl : "";
	while (*p) {
		const char *close;
		char key[64];
		struct form_field *ff;
		if (*p != '{' || !(close = strchr(p, '}')) || (size_t)(close - p) >= sizeof(key)) {
			secbuf_add(out, p++, 1);
			continue;
		}
		memcpy(key, p + 1, (size_t)(close - p - 1));
		key[close - p - 1] = 0;
		ff = form_get((struct form *)form, key);
		if (!ff) {
			str_copy(missing, mlen, key);
			return -1;
		}
		add_value(out, ff, url_mode);
		p = close + 1;
	}
	return out->overflow ? -1 : 0;
}
