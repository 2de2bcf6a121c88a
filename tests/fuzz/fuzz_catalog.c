/* libFuzzer target: the catalog parser must reject or load any bytes,
 * never crash, hang or leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalog cat = {0};
	struct onr_error err;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = 0;
	catalog_add_json(&cat, text, size, "fuzz", &err);
	for (size_t i = 0; i < cat.n; i++) {
		system_usable(&cat.systems[i]);
		catalog_find(&cat, cat.systems[i].id);
	}
	catalog_free(&cat);
	free(text);
	return 0;
}
