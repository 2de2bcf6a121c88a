/* api_kiosk.h: the routes kiosks and the platform's application use
 * (core/kiosk/accept.h says what they do). None needs a connection's
 * token:
 *   GET  /v1/invites/CODE     the whole invite for a short code (kiosk)
 *   POST /v1/connections      a kiosk's delivery (Authorization: Delivery HMAC)
 *   GET  /v1/connections      the application (Authorization: Bearer APP_TOKEN) */
#ifndef ONRAMP_API_KIOSK_H
#define ONRAMP_API_KIOSK_H
#include <stdbool.h>
#include "api/httpd.h"
#include "store/db.h"

/* true when the request is one of these routes; *rc is then its answer. */
bool api_kiosk_route(struct db *db, const struct httpd_req *r, enum MHD_Result *rc);
#endif
