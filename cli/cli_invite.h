/* cli_invite.h: --invite on the command line (`onramp connect --invite`,
 * `onramp --invite`) and the outbox's status (`onramp --status`): the
 * printing side of core/kiosk/. */
#ifndef ONRAMP_CLI_INVITE_H
#define ONRAMP_CLI_INVITE_H
#include <stdbool.h>
#include "cli.h"
#include "invite.h"
#include "loop.h"
#include "session.h"

/* Takes the invite of --invite (confirming a first platform key with
 * --platform-key, or by asking on the terminal when ask is true). 0, or
 * the exit code after printing why not. */
int cli_invite_take(const struct cli_args *a, struct loop *l, bool ask, struct invite *inv);
/* After a connect from an invite: waits for the first delivery attempt and
 * says what became of it. Returns the exit code. */
int cli_invite_report(struct session *s, bool json);
/* `onramp --status`: what waits in the outbox (with send: sends what is
 * first, each once). Returns the exit code. */
int cli_outbox_status(bool json, bool send);
#endif
