#include "i18n.h"
#include "i18n_text.h"
#include "typo.h"
#include "util.h"
#include "curl_dl.h"
#include <string.h>
#include <strings.h>

/* Path starts of web user interfaces, not APIs: what people copy from the
 * browser bar while signed in. */
static const char *const ui_paths[] = {
	"/ui", "/web", "/app", "/login", "/index.html", "/home", "/sap/bc/ui2", "/sap/bc/ui5_ui5",
	"/fiori", "/nav", "/client", "/#", NULL};

/* Common endings, and the domains of vendors' clouds, for typo checks. */
static const char *const known_suffixes[] = {
	"com", "net", "org", "local", "lan", "corp", "internal", "intra", "io", "de", "fr", "nl", "co.uk",
	"eu", "us", "ca", "au", "ch", "at", "se", "es", "it", "be", "dk", "fi", "no", "pl", "cloud",
	"microsoftonline.com", "dynamics.com", "businesscentral.dynamics.com", "netsuite.com", "odoo.com",
	"ondemand.com", "s4hana.ondemand.com", "hana.ondemand.com", "acumatica.com", "zendesk.com",
	"atlassian.net", "salesforce.com", "myshopify.com", "maximo.com", "erpnext.com", "frappe.cloud", NULL};

static bool ui_path(const char *path)
{
	for (int i = 0; ui_paths[i]; i++) {
		size_t n = strlen(ui_paths[i]);
		if (!strncasecmp(path, ui_paths[i], n) && (!path[n] || strchr("/?#.", path[n])))
			return true;
	}
	return false;
}

/* Returns the origin (scheme://host[:port]) when url carries a browser page
 * path, fragment or query that an API base never has. */
static bool tidy_one(const char *url, char *origin, size_t size, char *removed, size_t rsize)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL, *query = NULL, *frag = NULL;
	bool trim = false;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_SCHEME, &scheme, 0);
		curl_url_get(u, CURLUPART_HOST, &host, 0);
		curl_url_get(u, CURLUPART_PORT, &port, 0);
		curl_url_get(u, CURLUPART_PATH, &path, 0);
		curl_url_get(u, CURLUPART_QUERY, &query, 0);
		curl_url_get(u, CURLUPART_FRAGMENT, &frag, 0);
		trim = host && (frag || query || (path && ui_path(path)));
		if (trim) {
			str_fmt(origin, size, "%s://%s%s%s", scheme, host, port ? ":" : "", port ? port : "");
			str_copy(removed, rsize, str_starts(url, origin) ? url + strlen(origin) : url);
		}
	}
	curl_free(scheme), curl_free(host), curl_free(port), curl_free(path), curl_free(query), curl_free(frag);
	curl_url_cleanup(u);
	return trim;
}

/* "erp.acme.local:8000" -> "https://erp.acme.local:8000", said in notice:
 * https, never a guess that would send credentials in the clear. */
static bool add_scheme(struct form *form, struct form_field *ff, char *notice, size_t size)
{
	char full[FORM_VALUE_MAX + 16];
	if (ff->def->kind != FIELD_URL || !url_scheme_missing(ff->value.p))
		return false;
	str_fmt(full, sizeof(full), "https://%s", ff->value.p);
	str_fmt(notice, size, _("No https:// or http:// in front of \"%.200s\": onramp assumed https://. If the server "
				"only speaks plain http, type http:// in front."), ff->value.p);
	form_set(form, ff->def->key, full);
	return true;
}

bool typo_tidy_urls(struct form *form, char *notice, size_t size)
{
	bool changed = false;
	notice[0] = 0;
	for (size_t i = 0; i < form->n; i++) {
		struct form_field *ff = &form->f[i];
		char origin[512], removed[256];
		if (!ff->locked && add_scheme(form, ff, notice, size))
			changed = true;
		if (ff->def->kind != FIELD_URL || ff->locked || !tidy_one(ff->value.p, origin, sizeof(origin), removed, sizeof(removed)))
			continue;
		char shown[200];
		str_clean(shown, sizeof(shown), removed, strlen(removed));
		str_fmt(notice, size, _("Removed \"%1$s\" from \"%2$s\": onramp needs only the server's address."), shown,
			i18n_text(ff->def->label));
		form_set(form, ff->def->key, origin);
		changed = true;
	}
	return changed;
}

static int min3(int a, int b, int c)
{
	return a < b ? (a < c ? a : c) : (b < c ? b : c);
}

int typo_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	int d[64][64];
	if (n >= 63 || m >= 63)
		return 3;
	for (size_t i = 0; i <= n; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			int cost = a[i - 1] != b[j - 1];
			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	return d[n][m] < 3 ? d[n][m] : 3;
}

/* The start of the host's last `labels` labels, or host itself when it
 * has no more labels than that. */
static const char *last_labels(const char *host, int labels)
{
	for (const char *p = host + strlen(host); p > host; p--)
		if (p[-1] == '.' && --labels == 0)
			return p;
	return host;
}

/* Tries each known ending against the same number of trailing labels. */
void typo_suggest_host(const char *host, char *out, size_t size)
{
	out[0] = 0;
	for (int i = 0; known_suffixes[i]; i++) {
		const char *suf = known_suffixes[i], *tail;
		int labels = 1;
		for (const char *p = suf; *p; p++)
			labels += *p == '.';
		tail = last_labels(host, labels);
		/* two-letter endings are too close to each other to guess */
		if (tail == host || strlen(suf) < 3 || typo_distance(tail, suf) != 1)
			continue;
		char fixed[300];
		str_fmt(fixed, sizeof(fixed), "%.*s%s", (int)(tail - host), host, suf);
		/* TRANSLATORS: goes into "Check the server address for a typing mistake{suggest}." */
		str_fmt(out, size, _(" (did you mean \"%s\"?)"), fixed);
		return;
	}
}
