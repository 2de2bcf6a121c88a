/* cli_invite.c: see cli_invite.h. */
#include "cli_invite.h"
#include "i18n.h"
#include "invite_use.h"
#include "outbox.h"
#include "print.h"
#include "sender.h"
#include "store.h"
#include "util.h"
#include <cJSON.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The first-use question, on the terminal (before the full screen). */
static bool ask_terminal(void *ctx, const char *fp, const char *platform)
{
	char line[64];
	(void)ctx;
	printf(_("This kiosk does not know the platform \"%s\" yet.\n"
	       "Its key fingerprint is:  %s\n"
	       "Compare it with the one the platform's administrator has (\"onramp invite key\").\n"
	       "Type yes to trust this platform from now on, anything else to stop: "),
	       platform, fp);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	line[strcspn(line, "\r\n")] = 0;
	return !strcmp(line, "yes");
}

int cli_invite_take(const struct cli_args *a, struct loop *l, bool ask, struct invite *inv)
{
	struct invite_use_opts o = {.confirm = cli_value(a, "--platform-key")};
	struct onr_error err;
	if (ask && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		o.ask = ask_terminal;
	if (invite_take(l, cli_value(a, "--invite"), &o, inv, &err) == 0)
		return 0;
	return print_fail(&err, a->json);
}

int cli_invite_report(struct session *s, bool json)
{
	const struct invite *inv = s->o.invite;
	const struct connect_result *res = session_result(s);
	char why[256] = "";
	int st;
	while ((st = session_delivery(s, why, sizeof(why))) == SEND_UNKNOWN || st == SEND_SENDING)
		loop_once(s->loop, 1000);
	if (st == SEND_REFUSED) {
		struct onr_error err;
		char msg[256];
		str_fmt(msg, sizeof(msg), _("The check passed, but %s refused the result."), inv->platform);
		error_set(&err, EXIT_API, "delivery", "delivery.refused", msg,
			  _("Ask the platform for a new invite. `onramp --status` shows the refused delivery."), NULL);
		str_copy(err.tech, sizeof(err.tech), why);
		return print_fail(&err, json);
	}
	if (json) {
		cJSON *j = cJSON_CreateObject(), *c = cJSON_AddObjectToObject(j, "connection");
		cJSON_AddBoolToObject(j, "ok", true);
		cJSON_AddStringToObject(c, "id", res->id);
		cJSON_AddStringToObject(c, "system", session_system(s)->id);
		cJSON_AddStringToObject(j, "platform", inv->platform);
		cJSON_AddBoolToObject(j, "delivered", st == SEND_DELIVERED);
		if (st != SEND_DELIVERED)
			cJSON_AddStringToObject(j, "waiting", why);
		print_json(j);
	} else if (st == SEND_DELIVERED) {
		printf(_("Connected; %s has it.\nConnection ID: %s\n"), inv->platform, res->id);
	} else {
		printf(_("Checked and sealed for %s, but it could not be delivered yet:\n  %s\n"
		       "It waits in this machine's outbox and is sent again by itself; onramp --status shows it.\n"
		       "Connection ID: %s\n"),
		       inv->platform, why, res->id);
	}
	return EXIT_OK;
}

static const char *item_state(const struct outbox_item *it)
{
	return it->refused ? "refused" : "waiting";
}

static void print_item(const struct outbox_item *it, cJSON *arr)
{
	char next[32];
	store_time_str((time_t)(it->next_at / 1000), next);
	if (arr) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "connection_id", it->d.conn_id);
		cJSON_AddStringToObject(o, "system", it->d.system);
		cJSON_AddStringToObject(o, "platform", it->d.platform);
		cJSON_AddStringToObject(o, "invite_id", it->d.invite_id);
		cJSON_AddStringToObject(o, "state", item_state(it));
		cJSON_AddNumberToObject(o, "attempts", it->attempts);
		if (!it->refused)
			cJSON_AddStringToObject(o, "next_try", next);
		cJSON_AddStringToObject(o, "last_error", it->last_error);
		cJSON_AddItemToArray(arr, o);
		return;
	}
	printf(NG_("%s  %s for %s: %s after %d attempt", "%s  %s for %s: %s after %d attempts", it->attempts),
	       it->d.conn_id, it->d.system, it->d.platform, item_state(it), it->attempts);
	if (!it->refused)
		printf(_(", next try %s"), next);
	printf("\n    %s\n", *it->last_error ? it->last_error : _("not tried yet"));
}

/* One pass of the sender: every entry that waits, once. */
static void send_due(void)
{
	struct loop *l = loop_new();
	struct sender *s = sender_new(l, NULL, NULL);
	sender_now(s);
	long long end = now_ms() + 60000;
	do
		loop_once(l, 200);
	while (!sender_idle(s) && now_ms() < end);
	sender_free(s);
	loop_free(l);
}

int cli_outbox_status(bool json, bool send)
{
	struct outbox_item *v;
	struct onr_error err;
	size_t n;
	if (send)
		send_due();
	if (outbox_list(&v, &n, &err) != 0)
		return print_fail(&err, json);
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	if (!json)
		printf(n ? _("Waiting in the outbox (%zu):\n")
			 : _("The outbox is empty: every result reached its platform.\n"),
		       n);
	for (size_t i = 0; i < n; i++)
		print_item(&v[i], arr);
	if (arr) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddItemToObject(j, "outbox", arr);
		print_json(j);
	}
	outbox_items_free(v, n);
	return EXIT_OK;
}
