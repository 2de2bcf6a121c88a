#!/bin/sh
# certs.sh OUTDIR — make the TLS material the test servers use.
#
#   ca.pem / ca.key               private test CA (trust it with curl --cacert ca.pem)
#   good.pem / good.key           CA-signed, SAN DNS:localhost, IP:127.0.0.1, valid now
#   selfsigned.pem / .key         self-signed, SAN DNS:localhost, IP:127.0.0.1
#   expired.pem / .key            CA-signed, valid 2020-01-01 .. 2021-01-01 (entirely past)
#   future.pem / .key             CA-signed, valid 2049-01-01 .. 2049-12-31 (not yet valid)
#   wronghost.pem / .key          CA-signed, SAN DNS:wrong.example only
#
# Keys are EC P-256 (fast to make). Dates are set with `openssl ca -startdate/-enddate`,
# which OpenSSL 3.0 supports (x509 -not_before/-not_after only arrived in 3.4), so no
# faketime is needed. Idempotent: if OUTDIR already holds a complete set whose good.pem is
# valid for at least another day, nothing is done. Quiet unless something fails.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
out=$1
mkdir -p "$out"

all="ca good selfsigned expired future wronghost"

complete=1
for n in $all; do
    [ -s "$out/$n.pem" ] && [ -s "$out/$n.key" ] || complete=0
done
if [ $complete = 1 ] && [ -f "$out/.complete" ] &&
   openssl x509 -in "$out/good.pem" -noout -checkend 86400 >/dev/null 2>&1 &&
   openssl verify -CAfile "$out/ca.pem" "$out/good.pem" >/dev/null 2>&1; then
    exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/onramp-certs.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

log="$work/openssl.log"
run() {
    if ! "$@" >>"$log" 2>&1; then
        echo "certs.sh: failed: $*" >&2
        cat "$log" >&2
        exit 1
    fi
}

newkey() { run openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1"; }

# --- the CA -------------------------------------------------------------------------
mkdir -p "$work/db/new"
: >"$work/db/index.txt"
echo 1000 >"$work/db/serial"

cat >"$work/ca.cnf" <<EOF
[ ca ]
default_ca = testca

[ testca ]
dir             = $work/db
database        = \$dir/index.txt
new_certs_dir   = \$dir/new
serial          = \$dir/serial
default_md      = sha256
policy          = anything
unique_subject  = no
copy_extensions = none
email_in_dn     = no

[ anything ]
commonName = supplied
organizationName = optional

[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = onramp test

[ v3_ca ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash

[ v3_localhost ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = DNS:localhost, IP:127.0.0.1

[ v3_wronghost ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
subjectAltName         = DNS:wrong.example
EOF

newkey "$work/ca.key"
run openssl req -new -x509 -config "$work/ca.cnf" -key "$work/ca.key" \
    -subj "/O=onramp tests/CN=onramp test CA" -days 3650 -sha256 \
    -extensions v3_ca -out "$work/ca.pem"

# sign NAME CN EXTENSION [STARTDATE ENDDATE]
sign() {
    newkey "$work/$1.key"
    run openssl req -new -config "$work/ca.cnf" -key "$work/$1.key" \
        -subj "/O=onramp tests/CN=$2" -out "$work/$1.csr"
    if [ $# -ge 5 ]; then
        dates="-startdate $4 -enddate $5"
    else
        # valid from yesterday, so a little clock skew does not matter
        from=$(date -u -d '1 day ago' +%Y%m%d%H%M%SZ 2>/dev/null) || from=
        if [ -n "$from" ]; then
            dates="-startdate $from -days 3650"
        else
            dates="-days 3650"
        fi
    fi
    # shellcheck disable=SC2086
    run openssl ca -batch -notext -config "$work/ca.cnf" -cert "$work/ca.pem" \
        -keyfile "$work/ca.key" -extensions "$3" $dates \
        -in "$work/$1.csr" -out "$work/$1.pem"
}

sign good      localhost     v3_localhost
sign expired   localhost     v3_localhost  20200101000000Z 20210101000000Z
sign future    localhost     v3_localhost  20490101000000Z 20491231000000Z
sign wronghost wrong.example v3_wronghost

# --- self-signed --------------------------------------------------------------------
newkey "$work/selfsigned.key"
run openssl req -new -x509 -config "$work/ca.cnf" -key "$work/selfsigned.key" \
    -subj "/O=onramp tests/CN=localhost" -days 3650 -sha256 \
    -addext "basicConstraints=critical,CA:FALSE" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -addext "extendedKeyUsage=serverAuth" \
    -out "$work/selfsigned.pem"

# --- install ------------------------------------------------------------------------
rm -f "$out/.complete"
for n in $all; do
    cp "$work/$n.pem" "$out/$n.pem"
    cp "$work/$n.key" "$out/$n.key"
    chmod 600 "$out/$n.key"
done
: >"$out/.complete"
