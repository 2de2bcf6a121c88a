#include "errtable.h"
#include "i18n.h"
#include "util.h"
#include <stdio.h>
#include <string.h>

#define NET EXIT_NETWORK
#define TLS EXIT_TLS
#define AUTH EXIT_AUTH
#define API EXIT_API

/* Order matters within one curl code: rows with a match or stage come
 * before the catch-all row of that code. */
static const struct err_row rows[] = {
	/* The address itself */
	{CURLE_URL_MALFORMAT, 0, NULL, NULL, "address", "address.invalid", EXIT_INPUT,
	 N_("The server address is not a valid web address."),
	 N_("Type it like https://erp.example.com, with no spaces."), "@url"},
	{CURLE_UNSUPPORTED_PROTOCOL, 0, NULL, NULL, "address", "address.scheme", EXIT_INPUT,
	 N_("The server address must start with https:// or http://."),
	 N_("Copy the address from the browser bar while you are signed in to the system."), "@url"},
	/* Proxy */
	{CURLE_COULDNT_RESOLVE_PROXY, 0, NULL, NULL, "connect", "proxy.not_found", NET,
	 N_("Could not find the proxy server set for this computer."),
	 N_("Check the HTTPS_PROXY setting with your IT team, or unset it if no proxy is needed."), NULL},
	{97 /* CURLE_PROXY */, 0, "407", NULL, "connect", "proxy.auth", NET,
	 N_("The proxy server asks for a sign-in."),
	 N_("Ask your IT team for proxy credentials, or for this address to be allowed without a sign-in (put it in HTTPS_PROXY as http://user@proxy:port, or the server in NO_PROXY)."), NULL},
	{97 /* CURLE_PROXY */, 0, NULL, NULL, "connect", "proxy.failed", NET,
	 N_("The proxy server refused to pass the connection on."),
	 N_("Ask your IT team whether the proxy allows connections to {host}; they may need to add it to the allowed list or to NO_PROXY."), NULL},
	{CURLE_RECV_ERROR, 0, "response 407", NULL, "connect", "proxy.auth", NET,
	 N_("The proxy server asks for a sign-in."),
	 N_("Ask your IT team for proxy credentials, or for this address to be allowed without a sign-in (put it in HTTPS_PROXY as http://user@proxy:port, or the server in NO_PROXY)."), NULL},
	{CURLE_RECV_ERROR, 0, "CONNECT tunnel", NULL, "connect", "proxy.failed", NET,
	 N_("The proxy server refused to pass the connection on."),
	 N_("Ask your IT team whether the proxy allows connections to {host}; they may need to add it to the allowed list or to NO_PROXY."), NULL},
	/* Find the server */
	{CURLE_COULDNT_RESOLVE_HOST, 0, NULL, NULL, "dns", "dns.not_found", NET,
	 N_("Could not find the server \"{host}\"."),
	 N_("Check the server address for a typing mistake{suggest}. If it is right, this computer may not be on the company network or VPN."), "@url"},
	{CURLE_OPERATION_TIMEDOUT, 0, NULL, "dns", "dns", "dns.timeout", NET,
	 N_("Looking up the server \"{host}\" took too long."),
	 N_("This computer's name service is slow or unreachable. Check the network or VPN connection, then retry."), "@url"},
	/* Connect */
	{CURLE_COULDNT_CONNECT, 0, NULL, NULL, "connect", "connect.refused", NET,
	 N_("The server \"{host}\" did not accept the connection."),
	 N_("The port in the server address may be wrong, or the service is stopped or behind a firewall. Check the address, or ask IT whether the service is running."), "@url"},
	{CURLE_OPERATION_TIMEDOUT, 0, NULL, "connect", "connect", "connect.timeout", NET,
	 N_("The server \"{host}\" did not answer."),
	 N_("A firewall may be dropping the connection, or the server is down. Check the address and port, or ask IT whether this computer may reach the server."), "@url"},
	/* Far too much: one header over libcurl's 100 KB (libcurl 7.88 says
	 * only "out of memory", so it is known by the stage: the answer's
	 * head), or all of them over 300 KB. Said as such, not as a failed or
	 * broken connection. */
	{CURLE_OUT_OF_MEMORY, 0, NULL, "http", "http", "http.headers_too_large", NET,
	 N_("The server \"{host}\" sent far too much: the headers of its answer are over 100 KB."),
	 N_("No sign-in answers like that. Check that the address points at the system's API; if it does, ask its administrator what sits in front of it (a proxy or gateway that adds headers)."), "@url"},
	{CURLE_RECV_ERROR, 0, "too large response headers", NULL, "http", "http.headers_too_large", NET,
	 N_("The server \"{host}\" sent far too much: the headers of its answer are over 300 KB."),
	 N_("No sign-in answers like that. Check that the address points at the system's API; if it does, ask its administrator what sits in front of it (a proxy or gateway that adds headers)."), "@url"},
	{CURLE_SEND_ERROR, 0, NULL, NULL, "connect", "connect.reset", NET,
	 N_("The connection to \"{host}\" broke off."),
	 N_("A firewall or proxy may be cutting the connection. Retry; if it keeps happening, ask IT."), "@url"},
	{CURLE_RECV_ERROR, 0, NULL, NULL, "connect", "connect.reset", NET,
	 N_("The connection to \"{host}\" broke off."),
	 N_("A firewall or proxy may be cutting the connection. Retry; if it keeps happening, ask IT."), "@url"},
	/* Secure connection */
	{CURLE_PEER_FAILED_VERIFICATION, 0, "expired", NULL, "tls", "tls.expired", TLS,
	 N_("The server's security certificate has expired."),
	 N_("Ask the server's administrator to renew the certificate. Do not trust an expired certificate unless IT confirms it."), NULL},
	{CURLE_PEER_FAILED_VERIFICATION, 0, "not yet valid", NULL, "tls", "tls.not_yet_valid", TLS,
	 N_("The server's security certificate is not valid yet."),
	 N_("Check that this computer's date and time are right; otherwise ask the server's administrator."), NULL},
	{CURLE_PEER_FAILED_VERIFICATION, 0, "subject name", NULL, "tls", "tls.hostname", TLS,
	 N_("This is not the expected server: its certificate is for a different name than \"{host}\"."),
	 N_("Check the server address: use the exact server name on its certificate. If you typed an IP address, use the name instead. Do not continue unless IT confirms this server."), "@url"},
	{CURLE_PEER_FAILED_VERIFICATION, 0, "does not match", NULL, "tls", "tls.hostname", TLS,
	 N_("This is not the expected server: its certificate is for a different name than \"{host}\"."),
	 N_("Check the server address: use the exact server name on its certificate. Do not continue unless IT confirms this server."), "@url"},
	{CURLE_PEER_FAILED_VERIFICATION, 0, "self", NULL, "tls", "tls.untrusted", TLS,
	 N_("The server uses a self-signed certificate, which this computer does not trust yet."),
	 N_("This is common for on-premise systems. Ask IT for the company CA file, or trust exactly this certificate after checking its fingerprint with IT."), NULL},
	{CURLE_PEER_FAILED_VERIFICATION, 0, NULL, NULL, "tls", "tls.untrusted", TLS,
	 N_("The server's certificate was issued by an authority this computer does not trust."),
	 N_("Companies often use their own certificate authority. Ask IT for the company CA file, or trust exactly this certificate after checking its fingerprint."), NULL},
	{CURLE_SSL_PINNEDPUBKEYNOTMATCH, 0, NULL, NULL, "tls", "tls.pin_mismatch", TLS,
	 N_("The server's certificate is not the one you trusted before."),
	 N_("The certificate may have been renewed, or this is another server. Ask IT to confirm the new fingerprint before trusting it."), NULL},
	/* picked by the probe (errtable_for_code) when a CA file was given */
	{-1, 0, NULL, NULL, "tls", "tls.cafile_mismatch", TLS,
	 N_("The company CA file does not vouch for this server's certificate."),
	 N_("The file was read, but the certificate was not issued by it. Ask IT whether this is the right CA file for this server, or whether the server is the right one."), NULL},
	{CURLE_SSL_CACERT_BADFILE, 0, NULL, NULL, "tls", "tls.cafile", EXIT_INPUT,
	 N_("The company CA file could not be read."),
	 N_("Check that the file exists and is a PEM certificate file (it starts with -----BEGIN CERTIFICATE-----)."), NULL},
	{CURLE_SSL_CONNECT_ERROR, 0, "wrong version", NULL, "tls", "tls.not_tls", TLS,
	 N_("The server at \"{host}\" does not speak https on this port."),
	 N_("If the system's address starts with http://, type it that way; otherwise check the port number."), "@url"},
	{CURLE_SSL_CONNECT_ERROR, 0, "record", NULL, "tls", "tls.not_tls", TLS,
	 N_("The server at \"{host}\" does not speak https on this port."),
	 N_("If the system's address starts with http://, type it that way; otherwise check the port number."), "@url"},
	{CURLE_SSL_CONNECT_ERROR, 0, NULL, NULL, "tls", "tls.handshake", TLS,
	 N_("A secure connection to \"{host}\" could not be set up."),
	 N_("The server may use old or unusual security settings. Ask the server's administrator, and retry."), "@url"},
	{CURLE_OPERATION_TIMEDOUT, 0, NULL, "tls", "tls", "tls.timeout", TLS,
	 N_("Setting up the secure connection to \"{host}\" took too long."),
	 N_("The server or a firewall between you is very slow. Retry; if it keeps happening, ask IT."), "@url"},
	/* Reach the API */
	{CURLE_GOT_NOTHING, 0, NULL, NULL, "http", "http.empty", NET,
	 N_("The server closed the connection without answering."),
	 N_("If the server address starts with http://, try https:// (many servers only answer securely)."), "@url"},
	{CURLE_WEIRD_SERVER_REPLY, 0, NULL, NULL, "http", "http.not_http", API,
	 N_("The server answered with something that is not a web page or API answer."),
	 N_("Check the port in the server address: it may belong to a different service."), "@url"},
	{CURLE_HTTP2, 0, NULL, NULL, "http", "http.protocol", API,
	 N_("The server broke the rules of the web protocol."),
	 N_("Retry; if it keeps happening, give the trace to support."), NULL},
	{CURLE_PARTIAL_FILE, 0, NULL, NULL, "http", "http.incomplete", API,
	 N_("The server's answer was cut off."),
	 N_("Retry; if it keeps happening, the server or a proxy is unstable."), NULL},
	{CURLE_FILESIZE_EXCEEDED, 0, NULL, NULL, "http", "http.too_large", API,
	 N_("The server sent far more than expected, so onramp stopped reading."),
	 N_("Check that the server address points at the system's API and not at a download or another service."), "@url"},
	{CURLE_OPERATION_TIMEDOUT, 0, NULL, NULL, "http", "http.timeout", NET,
	 N_("The server at \"{host}\" took too long to answer."),
	 N_("The server may be overloaded or a proxy is holding the answer back. Retry later; if it keeps happening, ask the system's administrator."), NULL},
	{CURLE_ABORTED_BY_CALLBACK, 0, NULL, NULL, "http", "cancelled.by_user", EXIT_CANCELLED,
	 N_("The check was cancelled."), N_("Nothing was saved. Start the check again when you are ready."), NULL},
	{CURLE_TOO_MANY_REDIRECTS, 0, NULL, NULL, "http", "http.redirect_loop", API,
	 N_("The server keeps sending us in circles."),
	 N_("Check the server address; the server may be misconfigured."), "@url"},
	/* HTTP statuses */
	/* a Location without a host ("/login"): nothing to offer as an address */
	{-1, 0, NULL, NULL, "http", "http.redirect_local", API,
	 N_("The server sent us to another page on the same server ({location}) instead of answering."),
	 N_("The server address may point at a web page rather than the API, or the service wants a sign-in page first. Check the server address with the system's administrator."), "@url"},
	{-1, 0, NULL, NULL, "auth", "server.not_this_system", API,
	 N_("This server does not look like the system you chose."),
	 N_("It answered, but not the way this system does. Check the server address: it may belong to another application, a proxy or a load balancer."), "@url"},
	{-1, 301, NULL, NULL, "http", "http.redirect", API,
	 N_("The server sent us to another address: {location}"),
	 N_("If that is the right system, use that address as the server address. onramp does not follow it by itself, so your credentials only go where you typed them."), "@url"},
	{-1, 400, NULL, NULL, "http", "api.bad_request", API,
	 N_("The server did not understand the request (HTTP 400)."),
	 N_("Check the values in the form, especially IDs and names; they may contain a typing mistake."), NULL},
	{-1, 401, NULL, NULL, "auth", "auth.rejected", AUTH,
	 N_("The sign-in was refused."),
	 N_("Check the user name and the password or key for typing mistakes; they are case-sensitive. If they are right, the account may be locked or not allowed to use the API."), "@secret"},
	{-1, 403, NULL, NULL, "auth", "auth.forbidden", EXIT_API,
	 N_("Signed in, but this user may not read the data an integration needs."),
	 N_("Ask an administrator of the system to give this user API access and read rights."), "@user"},
	{-1, 404, NULL, NULL, "http", "api.not_found", API,
	 N_("The server answered, but the API was not found at this address."),
	 N_("Check the server address: type only the server's address, without extra parts after it. The API may also be switched off on this server."), "@url"},
	{-1, 405, NULL, NULL, "http", "api.method", API,
	 N_("The server does not allow this kind of request at this address."),
	 N_("Check the server address: it may point at a web page instead of the API."), "@url"},
	{-1, 407, NULL, NULL, "connect", "proxy.auth_http", NET,
	 N_("The proxy server asks for a sign-in."),
	 N_("Ask your IT team for proxy credentials, or for this address to be allowed without a sign-in (put it in HTTPS_PROXY as http://user@proxy:port)."), NULL},
	{-1, 408, NULL, NULL, "http", "http.timeout", NET,
	 N_("The server gave up waiting for the request."),
	 N_("Retry; if it keeps happening, the network is very slow."), NULL},
	{-1, 429, NULL, NULL, "http", "http.rate_limited", API,
	 N_("The server is busy and asked us to slow down."),
	 N_("Wait {retry} and retry."), NULL},
	{-1, 500, NULL, NULL, "http", "api.server_error", API,
	 N_("The server had an internal problem (HTTP {status})."),
	 N_("This is not caused by your details. Retry later, or tell the system's administrator the time of the error."), NULL},
	{-1, 503, NULL, NULL, "http", "api.unavailable", API,
	 N_("The service is not available right now (HTTP {status})."),
	 N_("It may be down for maintenance or overloaded. Retry later."), NULL},
	{-1, 499, NULL, NULL, "http", "api.client_error", API,
	 N_("The server refused the request (HTTP {status})."),
	 N_("Check the values in the form. If they are right, give the trace to support."), NULL},
	/* Failures that the auth modules recognise in an answer */
	{-1, 0, NULL, NULL, "auth", "auth.aad.bad_secret", AUTH,
	 N_("Microsoft did not accept the client secret."),
	 N_("Copy the secret's Value (not its Secret ID) from the app registration in the Microsoft Entra admin center; it is shown only once, so you may need to create a new one."), "client_secret"},
	{-1, 0, NULL, NULL, "auth", "auth.aad.secret_expired", AUTH,
	 N_("The client secret has expired."),
	 N_("Create a new client secret for the app registration in the Microsoft Entra admin center and paste its Value here."), "client_secret"},
	{-1, 0, NULL, NULL, "auth", "auth.aad.app_not_found", AUTH,
	 N_("Microsoft does not know this application (client) ID in this tenant."),
	 N_("Check the Application (client) ID on the app registration's Overview page, and that the app is registered in this tenant."), "client_id"},
	{-1, 0, NULL, NULL, "auth", "auth.aad.tenant_not_found", AUTH,
	 N_("Microsoft could not find this tenant."),
	 N_("Check the tenant ID or domain (for example contoso.onmicrosoft.com) on the Overview page of the Microsoft Entra admin center."), "tenant"},
	{-1, 0, NULL, NULL, "auth", "auth.oauth.rejected", AUTH,
	 N_("The sign-in service refused the app's credentials."),
	 N_("Check the client ID and client secret. {detail}"), "@secret"},
	{-1, 0, NULL, NULL, "auth", "tryton.unknown_database", AUTH,
	 N_("The Tryton server has no database with this name."),
	 N_("Check the database name; it is the name you pick in the Tryton client's login window. Names are case-sensitive."), "database"},
	{-1, 0, NULL, NULL, "auth", "odoo.unknown_database", AUTH,
	 N_("The Odoo server has no database with this name."),
	 N_("Check the database name; you see it in the Odoo database manager (/web/database/selector) or ask your Odoo administrator."), "database"},
	{-1, 0, NULL, NULL, "auth", "odoo.wrong_login", AUTH,
	 N_("Odoo did not accept this login with this password or API key."),
	 N_("Check the login (usually an e-mail address) and the password for typing mistakes. If the user signs in with two-factor authentication, a password cannot be used here: make an API key under My Preferences > Account Security and paste the key instead."), "password"},
	{-1, 0, NULL, NULL, "auth", "auth.netsuite.invalid_login", AUTH,
	 N_("NetSuite refused the sign-in with these token details."),
	 N_("Check the account ID and all four values: consumer key and secret (from the integration record) and token ID and secret (from the access token); each is shown only once, so you may need to make a new token. The token's role needs the permissions Log in using Access Tokens and REST Web Services. NetSuite's Login Audit Trail (Setup > Users/Roles > User Management > View Login Audit Trail) names the exact reason."), "consumer_key"},
	{-1, 0, NULL, NULL, "address", "netsuite.account_id", EXIT_INPUT,
	 N_("The NetSuite account ID is not valid."),
	 N_("Type it as shown under Setup > Company > Company Information, for example 1234567 or 1234567_SB1 for a sandbox: only letters, digits, - and _."), "account_id"},
	{-1, 0, NULL, NULL, "auth", "sap.csrf_missing", API,
	 N_("Signed in to SAP, but SAP did not hand out a security token (CSRF token)."),
	 N_("An integration can read without it but cannot create or change anything. A proxy or SAP Web Dispatcher in front of the server may be removing the x-csrf-token header; ask your SAP Basis team to check it."), NULL},
	{-1, 0, NULL, NULL, "auth", "b1.unknown_company", AUTH,
	 N_("SAP Business One could not open this company database for this user."),
	 N_("Check the company database name first: it is the database name (like SBODEMOUS), not the company's display name, and it is case-sensitive. If it is right, check the user name and password, and ask your SAP Business One partner whether the Service Layer knows this company."), "company_db"},
	{-1, 0, NULL, NULL, "auth", "b1.wrong_login", AUTH,
	 N_("SAP Business One did not accept the user name or password."),
	 N_("Use the user code (like manager), not the full name, and check the password for typing mistakes; it is case-sensitive. Too many wrong tries lock the user in SAP Business One."), "password"},
	{-1, 0, NULL, NULL, "auth", "auth.oauth.invalid_grant", AUTH,
	 N_("The user name or password was not accepted."),
	 N_("Check both for typing mistakes; the password is case-sensitive. Signing in with the same details in the system's own web page proves them."), "password"},
	{-1, 0, NULL, NULL, "auth", "auth.oauth.flow_not_allowed", AUTH,
	 N_("This app may not sign in with a user name and password."),
	 N_("Ask an administrator to allow the resource owner password flow for this app, or to register a new app with that flow."), "client_id"},
	{-1, 0, NULL, NULL, "auth", "auth.oauth.browser_needed", AUTH,
	 N_("This system signs in through a web browser, and that sign-in has not been done yet."),
	 N_("Start the wizard on a terminal (onramp --system ID, or --plain for line mode): it shows the address to open in a browser. Or pass a refresh token the app already has: --secret refresh_token=@FILE."), "refresh_token"},
	{-1, 0, NULL, NULL, "auth", "auth.oauth.code_rejected", AUTH,
	 N_("The sign-in from the browser was not accepted: the code or refresh token is used up, expired or withdrawn."),
	 N_("Sign in in the browser again; a code works once, for a few minutes. Check too that the redirect address matches the one registered for the app."), "client_id"},
	{-1, 0, NULL, NULL, "auth", "upkeep.wrong_login", AUTH,
	 N_("UpKeep did not accept the e-mail address or password."),
	 N_("Use the e-mail address and password you sign in to UpKeep with; the address is best typed in lower case. If you sign in to UpKeep through single sign-on, ask your UpKeep administrator for a user with a password."), "password"},
	{-1, 0, NULL, NULL, "auth", "aws.unknown_key", AUTH,
	 N_("AWS does not know this access key ID."),
	 N_("Copy the access key ID again from the IAM console (Users > the user > Security credentials); it starts with AKIA, or ASIA for temporary credentials. A key that was deleted or made inactive is refused the same way. If you filled in a session token, it must come with this very key."), "access_key_id"},
	{-1, 0, NULL, NULL, "auth", "aws.bad_secret", AUTH,
	 N_("AWS did not accept the secret access key."),
	 N_("Paste the secret access key that belongs to this access key ID, with no space at either end. AWS shows a secret only once, when the key is made; if it is lost, create a new access key in the IAM console and use both new values."), "secret_access_key"},
	{-1, 0, NULL, NULL, "auth", "aws.expired_token", AUTH,
	 N_("These temporary AWS credentials have expired."),
	 N_("Get a fresh set (access key ID, secret access key and session token) from wherever you got these, for example the AWS access portal, and enter all three. For a lasting connection, use an IAM user's access key and leave the session token empty."), "session_token"},
	{-1, 0, NULL, NULL, "auth", "aws.clock_skew", AUTH,
	 N_("AWS refused the request because this computer's clock is wrong."),
	 N_("AWS only accepts requests made within 15 minutes of its own time. Set this computer's date, time and time zone correctly (turning on automatic time setting is best), then check again. Your keys were not the problem."), NULL},
	{-1, 0, NULL, NULL, "auth", "aws.region", AUTH,
	 N_("AWS did not accept this region."),
	 N_("Type the region code the way AWS writes it, for example us-east-1 or eu-central-1; the AWS console shows it at the top right. Some regions must be enabled for the account before they can be used."), "region"},
	{-1, 0, NULL, NULL, "address", "aws.unsignable", EXIT_INPUT,
	 N_("The access key ID or region contains characters AWS never uses."),
	 N_("Copy the access key ID again (capital letters and digits, like AKIAIOSFODNN7EXAMPLE) and type the region like us-east-1, without spaces or slashes."), "access_key_id"},
	{-1, 0, NULL, NULL, "auth", "auth.wrong_login", AUTH,
	 N_("The user name or password is wrong."),
	 N_("Check both for typing mistakes; the password is case-sensitive. Signing in with the same details in the system's own app proves them."), "password"},
	{-1, 0, NULL, NULL, "auth", "api.bad_json", API,
	 N_("The server's answer could not be understood."),
	 N_("The server address may point at a different service, or a proxy changed the answer. Check the address; if it is right, give the trace to support."), "@url"},
	{-1, 0, NULL, NULL, "auth", "api.html", API,
	 N_("The server answered with a web page instead of the API."),
	 N_("The server address may point at a login page or a proxy. Type only the server's address, or ask IT for the API address."), "@url"},
	{-1, 0, NULL, NULL, "address", "address.template", EXIT_INPUT,
	 N_("This system's entry in the catalog is broken ({detail})."),
	 N_("Report it to support; pick another system meanwhile."), NULL},
	/* Anything else libcurl can say */
	{-2, 0, NULL, NULL, "http", "network.other", NET,
	 N_("The connection failed."),
	 N_("Retry. If it keeps failing, give the technical line below to support."), NULL},
};

const struct err_row *errtable_rows(size_t *n)
{
	*n = sizeof(rows) / sizeof(rows[0]);
	return rows;
}

static bool contains_ci(const char *hay, const char *needle)
{
	return strcasestr(hay ? hay : "", needle) != NULL;
}

const struct err_row *errtable_for_curl(CURLcode code, const char *errbuf, const char *stage)
{
	size_t n = sizeof(rows) / sizeof(rows[0]);
	for (size_t i = 0; i < n; i++) {
		const struct err_row *r = &rows[i];
		if (r->curl != (int)code)
			continue;
		if (r->match && !contains_ci(errbuf, r->match))
			continue;
		if (r->in && (!stage || strcmp(r->in, stage)))
			continue;
		return r;
	}
	return &rows[n - 1];
}

const struct err_row *errtable_for_http(long status)
{
	const struct err_row *best = NULL;
	size_t n = sizeof(rows) / sizeof(rows[0]);
	/* Exact status first, then its family: 3xx -> 301, 4xx -> 499, 5xx -> 500. */
	long family = status >= 300 && status < 400 ? 301 : status >= 500 ? 500 : 499;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].curl != -1 || !rows[i].http)
			continue;
		if (rows[i].http == status)
			return &rows[i];
		if (rows[i].http == family)
			best = &rows[i];
	}
	return best;
}

const struct err_row *errtable_for_code(const char *code)
{
	size_t n = sizeof(rows) / sizeof(rows[0]);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(rows[i].code, code))
			return &rows[i];
	return NULL;
}

static void expand(char *dst, size_t size, const char *tpl, const struct err_vars *v)
{
	struct buf b = {0};
	buf_init(&b);
	for (const char *p = tpl; *p; p++) {
		const char *val = NULL;
		char num[24];
		if (*p == '{') {
			const char *close = strchr(p, '}');
			size_t n = close ? (size_t)(close - p - 1) : 0;
			if (!close)
				;
			else if (!strncmp(p + 1, "host", n) && n == 4)
				val = v && v->host ? v->host : _("the server");
			else if (!strncmp(p + 1, "location", n) && n == 8)
				val = v && v->location ? v->location : "";
			else if (!strncmp(p + 1, "retry", n) && n == 5)
				val = v && v->retry && *v->retry ? v->retry : _("a minute");
			else if (!strncmp(p + 1, "detail", n) && n == 6)
				val = v && v->detail ? v->detail : "";
			else if (!strncmp(p + 1, "suggest", n) && n == 7)
				val = v && v->suggest ? v->suggest : "";
			else if (!strncmp(p + 1, "status", n) && n == 6)
				val = str_fmt(num, sizeof(num), "%ld", v ? v->status : 0);
			if (val) {
				buf_adds(&b, val);
				p = close;
				continue;
			}
		}
		buf_add(&b, p, 1);
	}
	str_copy(dst, size, b.data);
	buf_free(&b);
}

void errtable_fill(struct onr_error *err, const struct err_row *row, const struct err_vars *vars)
{
	error_clear(err);
	err->exit = row->exit;
	str_copy(err->stage, sizeof(err->stage), row->stage);
	str_copy(err->code, sizeof(err->code), row->code);
	expand(err->message, sizeof(err->message), _(row->message), vars);
	expand(err->hint, sizeof(err->hint), _(row->hint), vars);
	str_copy(err->field, sizeof(err->field), row->field);
}
