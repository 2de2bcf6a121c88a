/* aws_sigv4.h: AWS Signature Version 4, exposed for tests: the signature
 * is a pure function of the request, the credentials and the time. */
#ifndef ONRAMP_AWS_SIGV4_H
#define ONRAMP_AWS_SIGV4_H
#include "secbuf.h"
#include <stddef.h>
#include <time.h>

struct aws_sigv4_header {
	const char *name, *value;
};

struct aws_sigv4 {
	const char *method, *url;             /* the request exactly as it is sent */
	const char *payload;                  /* the body, or NULL */
	size_t payload_len;
	const struct aws_sigv4_header *extra; /* signed besides host and x-amz-date */
	size_t nextra;
	const char *amz_date;                 /* "20150830T123600Z", UTC */
	const char *region, *service;
	const char *access_key_id, *secret_access_key;
};

/* Appends the Authorization header value ("AWS4-HMAC-SHA256 Credential=
 * AKID/scope, SignedHeaders=..., Signature=...") to out. The request must
 * also carry x-amz-date: amz_date and the extra headers. -1 when the URL
 * cannot be read or a value is missing or malformed. */
int aws_sigv4_authorization(const struct aws_sigv4 *s, struct secbuf *out);
/* Lower-case hex SHA-256 of a payload (x-amz-content-sha256). */
void aws_sigv4_payload_hash(const char *p, size_t n, char hex[65]);
/* "YYYYMMDDTHHMMSSZ" of t in UTC. */
void aws_sigv4_amz_date(time_t t, char out[17]);
/* The clock requests are signed with; tests point it at another time. */
extern time_t (*aws_sigv4_clock)(void);
#endif
