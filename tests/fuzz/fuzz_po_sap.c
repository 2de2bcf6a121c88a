/* libFuzzer target: the sap reader's page parser (core/data/read_sap.c). */
#include "po_fuzz.h"

extern const struct reader reader_sap_s4;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return po_fuzz_page(&reader_sap_s4, data, size);
}
