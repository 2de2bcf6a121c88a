#include "tlsinfo.h"
#include "util.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads one DER header at *p: returns the tag and sets *len and *hdr (the
 * header's size), or -1 on anything malformed. */
static int der_header(const unsigned char *p, size_t avail, size_t *len, size_t *hdr)
{
	size_t n, i;
	if (avail < 2)
		return -1;
	if (!(p[1] & 0x80)) {
		*len = p[1];
		*hdr = 2;
	} else {
		n = p[1] & 0x7f;
		if (n == 0 || n > 4 || avail < 2 + n)
			return -1;
		*len = 0;
		for (i = 0; i < n; i++)
			*len = (*len << 8) | p[2 + i];
		*hdr = 2 + n;
	}
	if (*len > avail - *hdr)
		return -1;
	return p[0];
}

/* Certificate -> tbsCertificate -> [version] serial sigAlg issuer validity
 * subject subjectPublicKeyInfo: hash that last element whole. */
bool tlsinfo_pin_from_der(const unsigned char *der, size_t len, char *pin, size_t pinlen)
{
	size_t l, h, off;
	const unsigned char *p;
	unsigned char hash[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];

	if (der_header(der, len, &l, &h) != 0x30)
		return false;
	p = der + h;
	if (der_header(p, l, &l, &h) != 0x30) /* tbsCertificate */
		return false;
	p += h;
	size_t rest = l;
	if (rest && p[0] == 0xA0) { /* explicit version */
		if (der_header(p, rest, &l, &h) < 0)
			return false;
		p += h + l, rest -= h + l;
	}
	for (int skip = 0; skip < 5; skip++) { /* serial, sigAlg, issuer, validity, subject */
		if (der_header(p, rest, &l, &h) < 0)
			return false;
		p += h + l, rest -= h + l;
	}
	if (der_header(p, rest, &l, &h) != 0x30)
		return false;
	off = h + l;
	crypto_hash_sha256(hash, p, off);
	sodium_bin2base64(b64, sizeof(b64), hash, sizeof(hash), sodium_base64_VARIANT_ORIGINAL);
	str_fmt(pin, pinlen, "sha256//%s", b64);
	return true;
}

/* The first certificate of a PEM text as DER (free it), or NULL. */
static unsigned char *pem_der(const char *pem, size_t *len)
{
	const char *begin = strstr(pem, "-----BEGIN CERTIFICATE-----"), *end;
	unsigned char *der;
	if (!begin)
		return NULL;
	/* the end marker is looked for after the whole begin marker: they
	 * share dashes (found by fuzzing) */
	begin += strlen("-----BEGIN CERTIFICATE-----");
	if (!(end = strstr(begin, "-----END CERTIFICATE-----")))
		return NULL;
	der = xmalloc((size_t)(end - begin) + 1);
	if (sodium_base642bin(der, (size_t)(end - begin), begin, (size_t)(end - begin), " \r\n\t", len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(der);
		return NULL;
	}
	return der;
}

bool tlsinfo_pin_from_pem(const char *pem, char *pin, size_t pinlen)
{
	size_t len = 0;
	unsigned char *der = pem_der(pem, &len);
	bool ok = der && tlsinfo_pin_from_der(der, len, pin, pinlen);
	free(der);
	return ok;
}

void tlsinfo_fingerprint(const unsigned char *der, size_t len, char out[96])
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(hash, der, len);
	for (size_t i = 0; i < sizeof(hash); i++)
		snprintf(out + i * 3, 4, i + 1 < sizeof(hash) ? "%02X:" : "%02X", hash[i]);
}

static void keep(char *dst, size_t size, const char *line, const char *name)
{
	size_t n = strlen(name);
	if (!strncmp(line, name, n) && line[n] == ':')
		str_clean(dst, size, line + n + 1, strlen(line + n + 1));
}

bool tlsinfo_from_curl(CURL *e, struct tls_info *info)
{
	struct curl_certinfo *ci = NULL;
	memset(info, 0, sizeof(*info));
	if (curl_easy_getinfo(e, CURLINFO_CERTINFO, &ci) != CURLE_OK || !ci || ci->num_of_certs < 1)
		return false;
	for (struct curl_slist *s = ci->certinfo[0]; s; s = s->next) {
		keep(info->subject, sizeof(info->subject), s->data, "Subject");
		keep(info->issuer, sizeof(info->issuer), s->data, "Issuer");
		keep(info->start, sizeof(info->start), s->data, "Start date");
		keep(info->expire, sizeof(info->expire), s->data, "Expire date");
		if (!strncmp(s->data, "Cert:", 5)) {
			size_t len = 0;
			unsigned char *der = pem_der(s->data + 5, &len);
			if (der && tlsinfo_pin_from_der(der, len, info->pin, sizeof(info->pin)))
				tlsinfo_fingerprint(der, len, info->sha256);
			free(der);
		}
	}
	info->have = info->pin[0] != 0;
	return info->have;
}
