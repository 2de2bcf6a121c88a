/* alias_pick.h: which of a system's aliases a search query named. A cloud
 * platform is one product whose services are its aliases (issue 16: AWS,
 * Azure, Google Cloud); a search for "DynamoDB" opens AWS with its
 * `service` field filled in with the service the query named. */
#ifndef ONRAMP_ALIAS_PICK_H
#define ONRAMP_ALIAS_PICK_H
#include "catalog.h"

/* The alias of sys the query names, or NULL when the query names the
 * product itself (its name or id holds the query) or no alias holds it.
 * An alias equal to the query wins, then the shortest one that starts
 * with it, then the shortest that holds it; letters are compared folded
 * (case, accents and spacing ignored). When no alias holds the whole
 * query, the words that name the product itself are left out ("aws
 * lambda" names Lambda). */
const char *system_alias_for_query(const struct system *sys, const char *query);

/* The value the form's `service` field gets when sys was chosen from a
 * search for query: the alias it names, when sys has a `service` field. */
const char *system_service_preset(const struct system *sys, const char *query);
#endif
