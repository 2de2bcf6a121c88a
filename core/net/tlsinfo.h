/* tlsinfo.h: the server certificate, for the user to judge when TLS
 * fails: subject, issuer, validity and the SHA-256 public-key pin that
 * CURLOPT_PINNEDPUBLICKEY takes. */
#ifndef ONRAMP_TLSINFO_H
#define ONRAMP_TLSINFO_H
#include "curl_dl.h"
#include <stdbool.h>
#include <stddef.h>

struct tls_info {
	bool have;
	char subject[256], issuer[256], start[64], expire[64];
	char pin[64];     /* "sha256//BASE64" of the SubjectPublicKeyInfo */
	char sha256[96];  /* "AB:CD:..." of the whole certificate, as browsers and
			     openssl x509 -fingerprint -sha256 show it */
	char version[32]; /* "TLSv1.3" when known */
};

/* Fills info from CURLINFO_CERTINFO of a finished transfer (first cert). */
bool tlsinfo_from_curl(CURL *e, struct tls_info *info);
/* The pin of a DER certificate; false when the DER is not a certificate. */
bool tlsinfo_pin_from_der(const unsigned char *der, size_t len, char *pin, size_t pinlen);
/* The pin of a PEM certificate ("-----BEGIN CERTIFICATE-----..."). */
bool tlsinfo_pin_from_pem(const char *pem, char *pin, size_t pinlen);
/* The SHA-256 fingerprint of a DER certificate, colon-separated hex. */
void tlsinfo_fingerprint(const unsigned char *der, size_t len, char out[96]);
#endif
