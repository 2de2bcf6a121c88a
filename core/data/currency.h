/* currency.h: ISO 4217 codes from what sources send: the code itself in
 * any case ("eur"), or a name (NetSuite's "US Dollar", Tryton's "Euro"). */
#ifndef ONRAMP_CURRENCY_H
#define ONRAMP_CURRENCY_H

/* The ISO code, or NULL when the name is unknown (the caller warns). */
const char *currency_iso(const char *name_or_code);
/* Minor units (places after the point) of an ISO code; 2 when unknown. */
int currency_places(const char *iso);
#endif
