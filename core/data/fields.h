/* fields.h: reading one source field into the model, the same way in
 * every reader: a value of the wrong type, a bad number or date is left
 * NULL with a warning naming the order (num) and the source's field; the
 * raw value stays in remote_data. */
#ifndef ONRAMP_DATA_FIELDS_H
#define ONRAMP_DATA_FIELDS_H
#include "data/reader.h"

/* obj[key] as a decimal: false (and a warning unless it is empty). */
bool rd_dec(struct rd *rd, const struct cJSON *obj, const char *key, const char *num, struct dec *out);
/* The same into *field, with at least min_places places. */
void rd_dec_field(struct rd *rd, const struct cJSON *obj, const char *key, const char *num, char **field,
		  int min_places);
/* A quantity: kept when negative (a return), with a warning. */
void rd_quantity(struct rd *rd, const struct cJSON *obj, const char *key, const char *num, char **field);
/* obj[key] as an ISO 8601 date (date_only) or UTC date-time. */
void rd_date(struct rd *rd, const struct cJSON *obj, const char *key, bool date_only, const char *num, char **field);
/* The source's unit -> UN/ECE Rec 20, or NULL and a warning. */
void rd_unit(struct rd *rd, const char *unit, const char *num, char **field);
/* The source's currency code or name -> ISO 4217, or NULL and a warning. */
void rd_currency(struct rd *rd, const char *currency, const char *num, char **field);
#endif
