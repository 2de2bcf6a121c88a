/* libFuzzer: Acumatica PurchaseOrder pages and Vendor answers (core/data/read_acumatica.c). */
#include "po_fuzz.h"

extern const struct reader reader_acumatica;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return po_fuzz_page(&reader_acumatica, data, size);
}
