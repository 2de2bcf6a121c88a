/* fields.h: what every reader does with one source value: a decimal, a
 * date, a currency, a unit, a status from a table. A bad value is never a
 * failure: the field stays NULL, a warning names the order, and the raw
 * value stays in remote_data (reader.h). */
#ifndef ONRAMP_DATA_FIELDS_H
#define ONRAMP_DATA_FIELDS_H
#include <stdbool.h>
#include "data/po.h"

struct cJSON;
struct rd;

/* A JSON number or decimal string into *field (at least min_scale places);
 * missing, null, false or "" leave it NULL quietly. what: "a quantity". */
void fld_dec(struct rd *rd, const struct cJSON *j, const char *num, const char *what, char **field, int min_scale);
/* A date or date-time text (json.h's forms) into *field, ISO 8601. */
void fld_date(struct rd *rd, const struct cJSON *j, const char *num, bool date_only, char **field);
/* A currency code or name into the ISO code; warns when unknown. */
void fld_currency(struct rd *rd, const char *text, const char *num, struct po *po);
/* A unit of measure into its UN/ECE Rec 20 code; warns when unknown. */
void fld_unit(struct rd *rd, const char *text, const char *num, struct po_line *l);

struct fld_status {
	const char *value;
	enum po_status status;
};
/* The status a table gives value (compared without case), else
 * PO_UNKNOWN with a warning. The table ends with {NULL, 0}. */
enum po_status fld_status(struct rd *rd, const struct fld_status *map, const char *value, const char *num);
/* Where a source keeps each line field: json_at paths ("item.refName",
 * "OrderQty.value"), NULL for what it does not have. Lines look alike in
 * every source; only these names differ. */
struct fld_line_map {
	const char *remote_id, *number, *item_code, *item_name, *description;
	const char *quantity, *unit_price, *amount, *received, *unit;
};
/* A new line of po from the source line j. */
struct po_line *fld_line(struct rd *rd, struct po *po, const struct cJSON *j, const struct fld_line_map *m);

/* For readers paged by the server's next links: after the first page,
 * puts the next link into req (*v = RD_SEND) or ends (*v = RD_DONE) and
 * returns true; on the first call returns false: build the first request. */
struct http_req;
bool fld_follow_next(struct rd *rd, struct http_req *req, int *v);

/* The order's name in warnings: its number, else its key. */
const char *fld_num(const struct po *po);
#endif
