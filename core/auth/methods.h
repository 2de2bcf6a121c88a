/* methods.h: every sign-in method onramp knows, one row each. This is the
 * one list of auth methods:
 * - auth.h declares the module (`auth_<name>`, in core/auth/<name>.c) of
 *   each AUTH_METHOD row, and auth_common.c's auth_find looks them up;
 * - registry.c answers which methods are implemented (catalog.c's
 *   system_usable) and describes them;
 * - tools/catalog/generate.mjs and check.py read this file as plain text.
 * So keep each row on one line, in exactly this shape. No include guard:
 * each user includes it once per expansion, with its own macros.
 *
 * AUTH_METHOD(name, reach, "auth keys a catalog entry must give", "description")
 *   reach: ANY_PRODUCT when the catalog generator may give it to any
 *   product (a generic scheme), ONE_PRODUCT when it is one product's own
 *   sign-in (curated entries only).
 * AUTH_UNAVAILABLE(name, "description")
 *   a sign-in onramp does not have yet, named by catalog entries that are
 *   listed as "not available yet".
 *
 * Adding a method: its module file, one AUTH_METHOD row here, its tests. */
AUTH_METHOD(basic, ANY_PRODUCT, "user password", "a user name and password, sent with HTTP Basic")
AUTH_METHOD(header, ANY_PRODUCT, "name value", "an API key in a request header")
AUTH_METHOD(bearer, ANY_PRODUCT, "token", "an access token, sent as Authorization: Bearer")
AUTH_METHOD(query, ANY_PRODUCT, "name value", "an API key in the query string")
AUTH_METHOD(oauth2_cc, ANY_PRODUCT, "token_url client_id client_secret", "OAuth2 client credentials: a client ID and secret traded for an access token")
AUTH_METHOD(oauth2_password, ANY_PRODUCT, "token_url client_id", "OAuth2 password grant: a user's name and password traded for an access token")
AUTH_METHOD(oauth2_code, ANY_PRODUCT, "authorize_url token_url client_id client_secret", "OAuth2 browser sign-in (authorization code with PKCE), then a sealed refresh token")
AUTH_METHOD(aws_sigv4, ANY_PRODUCT, "service region", "an AWS access key pair signing each request (Signature Version 4)")
AUTH_METHOD(tryton, ONE_PRODUCT, "", "Tryton's JSON-RPC login to one database")
AUTH_METHOD(odoo, ONE_PRODUCT, "", "Odoo's JSON-RPC authenticate with a password or API key")
AUTH_METHOD(netsuite_tba, ONE_PRODUCT, "", "NetSuite token-based authentication (OAuth 1.0a signed with HMAC-SHA256)")
AUTH_METHOD(sap_odata_csrf, ONE_PRODUCT, "", "SAP Gateway OData: a user name and password, and a CSRF token fetched")
AUTH_METHOD(sap_b1_session, ONE_PRODUCT, "", "SAP Business One Service Layer login to a company database, then its session cookie")
AUTH_METHOD(json_login, ANY_PRODUCT, "token_url token_path", "a JSON login (user and password) that answers with a session token, sent in a header")
AUTH_METHOD(upkeep_session, ONE_PRODUCT, "", "UpKeep's login with email and password, then its session token")
AUTH_METHOD(hmac_query, ANY_PRODUCT, "name value", "each request's query string signed with a secret key (HMAC-SHA256), sent in a header")
AUTH_UNAVAILABLE(fiix_hmac, "Fiix's HMAC-signed requests")
AUTH_UNAVAILABLE(emaint_token, "eMaint's token request with an API user's name and password")
AUTH_UNAVAILABLE(fishbowl_login, "Fishbowl's login session")
AUTH_UNAVAILABLE(syspro_logon, "SYSPRO e.net's operator logon")
AUTH_UNAVAILABLE(not_public, "no public API that onramp can call")
