/* libFuzzer target: what reaches the kiosk code from outside: an invite
 * string (pasted, read from @FILE or a platform's answer), a delivery body
 * (the platform reads it from the network) and an outbox file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "delivery.h"
#include "invite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct invite inv;
	struct delivery d;
	struct onr_error err;
	char code[INVITE_CODE_LEN], *text = malloc(size + 1);
	static int ready;
	if (!ready)
		ready = sodium_init() >= 0;
	memcpy(text, data, size);
	text[size] = 0;
	if (invite_decode(text, &inv, &err) == 0)
		invite_free(&inv);
	invite_is_code(text, code);
	for (int keep = 0; keep < 2; keep++)
		if (delivery_parse(text, size, keep, &d, &err) == 0)
			delivery_free(&d);
	free(text);
	return 0;
}
