#include "data/errors.h"
#include "i18n.h"
#include "util.h"
#include <string.h>

#define API EXIT_API

static const struct err_row rows[] = {
	{-1, 403, NULL, NULL, "data", "data.forbidden", API,
	 N_("Signed in, but this user may not read purchase orders."),
	 N_("Ask the administrator of the system to grant this user {detail}, then read again."), NULL},
	{-1, 401, NULL, NULL, "data", "data.session_expired", EXIT_AUTH,
	 N_("The server stopped accepting the sign-in while reading purchase orders."),
	 N_("The password or key may have changed, or the session ran out. Check the connection with onramp reconnect."),
	 NULL},
	{-1, 404, NULL, NULL, "data", "data.not_found", API,
	 N_("The server has no purchase-order service at this address."),
	 N_("It may not be installed or activated: {detail}. Ask the system's administrator."), NULL},
	{-1, 301, NULL, NULL, "data", "data.redirect", API,
	 N_("The server sent the purchase-order request on to another address ({location})."),
	 N_("onramp does not follow redirects, so the credentials reach only the address that was checked. Check the "
	 "server address, or ask the administrator why it redirects."), NULL},
	{-1, 0, NULL, NULL, "data", "data.next_other_host", API,
	 N_("The server's link to the next page points to another server ({location})."),
	 N_("onramp stopped there, so the credentials reach only {host}. A proxy in front of the system may announce the "
	 "wrong public address; ask the administrator to fix it."), NULL},
	{-1, 0, NULL, NULL, "data", "data.plain_http", EXIT_INPUT,
	 N_("The password would cross the network unencrypted: {host} is reached with http://, not https://."),
	 N_("Nothing was sent. Use the server's https:// address if it has one, or check the connection again in onramp "
	 "(Manage connections, c): it asks before sending, and keeps a yes for this address only."), NULL},
	{-1, 0, NULL, NULL, "data", "data.page_loop", API,
	 N_("The server sent the same page again: its paging goes round in a circle."),
	 N_("onramp stopped reading there; the orders before that were read. Report it to the system's administrator."),
	 NULL},
	{-1, 0, NULL, NULL, "data", "data.too_many_pages", API,
	 N_("Stopped after {detail} pages of purchase orders."),
	 N_("That is the most onramp reads at once. Read fewer with --since or --limit."), NULL},
	{-1, 0, NULL, NULL, "data", "data.no_progress", API,
	 N_("The server keeps sending pages without new purchase orders."),
	 N_("onramp stopped after {detail} such pages in a row, so it does not read forever. Report it to the system's "
	 "administrator."), NULL},
	{-1, 0, NULL, NULL, "data", "data.bad_page", API,
	 N_("The server's answer was not a page of purchase orders onramp can read."),
	 N_("The system may be a version onramp does not know, or something between it and onramp changed the answer. "
	 "The technical line says what was wrong."), NULL},
	{-1, 0, NULL, NULL, "data", "data.html", API,
	 N_("The server answered with a web page instead of purchase orders."),
	 N_("A sign-in page, proxy or error page is in the way. Check the server address, or ask IT."), NULL},
	{-1, 0, NULL, NULL, "data", "data.page_too_large", API,
	 N_("A page of purchase orders was larger than onramp accepts (1 MiB)."),
	 N_("Read smaller pages with --page-size, or fewer orders with --since."), NULL},
	{-1, 0, NULL, NULL, "data", "data.timeout", EXIT_NETWORK,
	 N_("Reading purchase orders took longer than the time limit."),
	 N_("The server is slow or there are very many orders. Read fewer with --since or --limit, or retry later."), NULL},
	{-1, 429, NULL, NULL, "data", "data.rate_limited", API,
	 N_("The server kept asking onramp to slow down."),
	 N_("It allows only so many requests in a while (HTTP 429). Wait a few minutes and read again."), NULL},
	{-1, 0, NULL, NULL, "data", "data.rpc_error", API,
	 N_("The server refused to read purchase orders: {detail}."),
	 N_("Check that the purchase module is installed and that this user may use it."), NULL},
	{-1, 0, NULL, NULL, "data", "data.no_reader", EXIT_INPUT,
	 N_("onramp can't read purchase orders from {detail} yet."),
	 N_("The connection works; reading its data is still being built. The systems that can be read show "
	 "\"purchase_order\" under models in onramp systems --json."), NULL},
	{-1, 0, NULL, NULL, "store", "data.unknown_system", EXIT_INPUT,
	 N_("This connection's system is no longer in the catalog."),
	 N_("A drop-in catalog file may have been removed. Put it back, or connect the system again."), NULL},
	{-1, 0, NULL, NULL, "input", "data.unsafe_value", EXIT_INPUT,
	 N_("A stored value of this connection is not safe to send, so nothing was sent."),
	 N_("It has a line break or another control character, or its address holds a user name or password. "
	 "Connect the system again and type the value plainly (user name and password in their own fields)."),
	 NULL},
	{-1, 0, NULL, NULL, "store", "data.bad_seal", EXIT_STORE,
	 N_("The sealed credentials of this connection could not be read."),
	 N_("They may be damaged. Connect the system again."), NULL},
};

const struct err_row *data_err_row(const char *code)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (!strcmp(rows[i].code, code))
			return &rows[i];
	return errtable_for_code(code);
}

int data_fail(struct onr_error *err, const char *code, const struct err_vars *vars, const char *tech)
{
	const struct err_row *row = data_err_row(code);
	struct err_vars none = {0};
	if (row)
		errtable_fill(err, row, vars ? vars : &none);
	else
		error_set(err, EXIT_API, "data", code, _("Reading purchase orders failed."), NULL, NULL);
	if (tech)
		str_clean(err->tech, sizeof(err->tech), tech, strlen(tech));
	return -1;
}
