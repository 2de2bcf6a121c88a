/* mhd_static.c: the ceiling for `onramp serve` and `onramp webhooks
 * listen` in make bench: the same libmicrohttpd design (epoll, one thread)
 * answering every request (a POST after reading its body) with fixed bytes
 * from memory, no auth, no verification, no database.
 * usage: mhd_static PORT FILE */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *body;
static size_t len;

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			      const char *version, const char *upload, size_t *upload_size, void **state)
{
	struct MHD_Response *r;
	enum MHD_Result rc;
	(void)cls, (void)url, (void)method, (void)version, (void)upload;
	if (!*state) {
		*state = (void *)1;
		return MHD_YES;
	}
	if (*upload_size) { /* a POST's body (the receiver's ceiling): read, dropped */
		*upload_size = 0;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "application/json");
	rc = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return rc;
}

int main(int argc, char **argv)
{
	FILE *f = argc == 3 ? fopen(argv[2], "rb") : NULL;
	if (!f)
		return 2;
	fseek(f, 0, SEEK_END);
	len = (size_t)ftell(f);
	rewind(f);
	body = malloc(len);
	if (fread(body, 1, len, f) != len)
		return 2;
	fclose(f);
	struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO,
		(unsigned short)atoi(argv[1]), NULL, NULL, answer, NULL, MHD_OPTION_CONNECTION_LIMIT, 256u,
		MHD_OPTION_END);
	if (!d)
		return 1;
	pause();
	return 0;
}
