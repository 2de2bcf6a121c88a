/* foreign.c: "This server does not look like X", for every sign-in
 * method (issue 11 item 8). An address can answer without being the
 * system chosen: a plain web server (an intranet page, a default "it
 * works" page), or another application's web page. Such an answer is
 * neither a wrong password, nor "retry later" (a static server's 501 to a
 * sign-in POST), nor a sign-in that passed (a page served for every path
 * with 200), nor "use that other address" (another application's
 * redirect of the API's path to the same path with a "/" added, as
 * Tryton's server does with Odoo's /jsonrpc). It is said in plain words, with the page's title and the
 * server's name so a person sees what is there instead, and what to do.
 *
 * Only answers that say so themselves count: an HTML page, or a server
 * that names itself as a general web server (Server header); an answer
 * that names the system or its vendor never does, so the system's own
 * sign-in page or error page is left to the error table. */
#include "auth/auth.h"
#include "i18n.h"
#include "util.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* General web servers: serving files is all they do unless configured to
 * pass requests on. (Application servers such as Werkzeug or Jetty are
 * not here: a system may be one.) */
static const char *const plain_servers[] = {"nginx", "Apache", "Microsoft-IIS", "lighttpd", "Caddy",
					    "LiteSpeed", "openresty", "SimpleHTTP", "thttpd", "BusyBox", NULL};

/* The general web server's name from the Server header ("nginx" of
 * "nginx/1.22.1"), or NULL. */
static const char *plain_server(const char *server)
{
	for (int i = 0; plain_servers[i]; i++)
		if (!strncasecmp(server, plain_servers[i], strlen(plain_servers[i])))
			return plain_servers[i];
	return NULL;
}

static bool is_page(const struct http_resp *resp)
{
	const char *b = resp->body.data ? resp->body.data : "";
	while (*b == ' ' || *b == '\n' || *b == '\r' || *b == '\t')
		b++;
	return strcasestr(resp->content_type, "html") || !strncasecmp(b, "<!doctype html", 14) ||
	       !strncasecmp(b, "<html", 5);
}

/* The page's <title>, cleaned and shortened; "" when it has none. */
static void page_title(const struct http_resp *resp, char *out, size_t size)
{
	const char *b = resp->body.data, *start, *end;
	out[0] = 0;
	if (!b || !(start = strcasestr(b, "<title")) || !(start = strchr(start, '>')) ||
	    !(end = strcasestr(++start, "</title")))
		return;
	str_clean(out, size, start, (size_t)(end - start));
}

/* A word of the system's name or vendor (3 letters or more) in text. */
static bool names_system(const struct system *sys, const char *text)
{
	const char *names[] = {sys->name, sys->vendor};
	char word[64];
	for (int k = 0; k < 2; k++) {
		const char *p = names[k] ? names[k] : "";
		while (*p) {
			size_t n = strcspn(p, " /-().,");
			if (n >= 3 && n < sizeof(word)) {
				memcpy(word, p, n);
				word[n] = 0;
				if (strcasestr(text, word))
					return true;
			}
			p += n + (p[n] != 0);
		}
	}
	return false;
}

/* A redirect to the probe's own path with a "/" added: the server has a
 * folder-like route there, which is not the system's API (the catalog's
 * probe path is what the system answers at, as it is). */
static bool slash_redirect(const struct auth_ctx *ctx, const struct http_resp *resp)
{
	const char *tpl = ctx->sys->probe.url ? ctx->sys->probe.url : "", *tail = strrchr(tpl, '}');
	size_t n = strlen(resp->location), t;
	if (resp->status < 300 || resp->status >= 400 || !tail)
		return false;
	t = strlen(++tail);
	return t > 1 && tail[t - 1] != '/' && !strchr(tail, '?') && n > t + 1 && resp->location[n - 1] == '/' &&
	       !strncmp(resp->location + n - 1 - t, tail, t);
}

/* How the answer shows it is not the system, or NULL when it does not. */
static const char *foreign_reason(const struct auth_ctx *ctx, const struct http_resp *resp, const char *title)
{
	bool page = is_page(resp), plain = plain_server(resp->server) != NULL;
	if (names_system(ctx->sys, title) || names_system(ctx->sys, resp->server))
		return NULL;
	if (slash_redirect(ctx, resp))
		return "slash";
	if (resp->status == 501 && (page || plain)) /* "Not Implemented": it takes no sign-in at all */
		return "no_signin";
	if (!page)
		return NULL;
	/* a page where the API answers a sign-in; for a check that reaches
	 * only the server (its base address may be a page), a plain web
	 * server's page */
	if (resp->status >= 200 && resp->status < 300)
		return ctx->sys->probe.verifies_credentials || plain ? "page" : NULL;
	return (resp->status == 404 || resp->status == 405) && plain ? "page" : NULL;
}

bool auth_answer_foreign(const struct auth_ctx *ctx, const struct http_resp *resp)
{
	char title[96];
	page_title(resp, title, sizeof(title));
	return foreign_reason(ctx, resp, title) != NULL;
}

enum auth_verdict auth_fail_foreign(struct auth_ctx *ctx, const struct http_resp *resp, struct onr_error *err)
{
	const char *name = ctx->sys->name, *plain = plain_server(resp->server), *why;
	char title[96], who[160], what[600], tech[256], server[64], location[sizeof(resp->location)];
	page_title(resp, title, sizeof(title));
	why = foreign_reason(ctx, resp, title);
	str_fmt(tech, sizeof(tech), "HTTP %ld%s%s, %s", resp->status, resp->server[0] ? " from " : "", resp->server,
		resp->content_type[0] ? resp->content_type : "no content type");
	auth_fail_not_system(ctx, err, tech);
	str_clean(server, sizeof(server), resp->server, strcspn(resp->server, " "));
	if (plain)
		str_fmt(who, sizeof(who), _("A plain web server (%s)"), plain);
	else if (server[0])
		str_fmt(who, sizeof(who), _("The server (%s)"), server);
	else
		str_copy(who, sizeof(who), _("The server"));
	if (why && !strcmp(why, "slash"))
		str_fmt(what, sizeof(what), "sent us to the same address with a \"/\" added (%s)",
			str_clean(location, sizeof(location), resp->location, strlen(resp->location)));
	else if (why && !strcmp(why, "no_signin"))
		str_fmt(what, sizeof(what), "answered that it cannot take a sign-in at all (HTTP %ld)", resp->status);
	else if (resp->status >= 300) /* its error page's title ("404 Not Found") says nothing more */
		str_fmt(what, sizeof(what), "answered that it has no such page (HTTP %ld)", resp->status);
	else if (title[0])
		str_fmt(what, sizeof(what), "answered with a web page (\"%s\")", title);
	else
		str_copy(what, sizeof(what), "answered with a web page");
	str_fmt(err->hint, sizeof(err->hint),
		"%s %s, which is not how %s answers. Check the server address: use the one %s's users sign in "
		"at, or ask its administrator. This address may belong to another application on the same machine, "
		"or to a proxy that does not pass requests on.",
		who, what, name, name);
	return AUTH_FAIL;
}
