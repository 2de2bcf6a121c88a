/* libFuzzer target: what servers send: cleaning for the screen, the
 * certificate DER walker, and theme files. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "theme.h"
#include "tlsinfo.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[256], pin[64];
	struct theme t;
	struct onr_error err;
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = 0;
	str_clean(out, sizeof(out), text, size);
	str_clean(out, 8, text, size);
	tlsinfo_pin_from_der(data, size, pin, sizeof(pin));
	tlsinfo_pin_from_pem(text, pin, sizeof(pin));
	memset(&t, 0, sizeof(t));
	theme_parse(&t, text, "fuzz", &err);
	free(text);
	return 0;
}
