/* libFuzzer target: response header lines as libcurl hands them over
 * (one per call, CRLF included), into what onramp keeps of them: Server,
 * WWW-Authenticate, Retry-After, Content-Type, Location, the first session
 * cookie and a captured header (Set-Cookie joined, or X-CSRF-Token). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "http.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const capture[] = {"set-cookie", "x-csrf-token", NULL};
	for (int c = 0; c < 3; c++) {
		struct http_resp r;
		memset(&r, 0, sizeof(r));
		r.capture = capture[c];
		for (const uint8_t *p = data, *end = data + size; p < end;) {
			const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
			char *line = malloc(len); /* exactly the line: overreads show */
			memcpy(line, p, len);
			http_header_line(&r, line, len);
			free(line);
			p += len;
		}
		/* everything kept is a terminated, cleaned string */
		if (strlen(r.server) >= sizeof(r.server) || strlen(r.location) >= sizeof(r.location) ||
		    strlen(r.captured) >= sizeof(r.captured))
			abort();
		for (const char *s = r.location; *s; s++)
			if ((unsigned char)*s < 0x20)
				abort();
	}
	return 0;
}
