#!/bin/sh
# check_sap.sh: `make check-sap`, opt-in, never part of `make check` or CI.
# Runs onramp's SAP S/4HANA reader against SAP's own application framework
# (CAP) instead of the fixture: installs @sap/cds@9, @cap-js/sqlite@2 and
# @cap-js-community/odata-v2-adapter@1 from npm into a cache outside the
# clone (ONRAMP_SAP_CACHE, default ~/.cache/onramp/sap; nothing of it is in
# the repository), serves tests/sap's CAP model of API_PURCHASEORDER_PROCESS_SRV
# seeded with the golden orders, and runs tests/sap/test_cap.sh against it
# (TAP, then "N passed, N failed").
#
# @sap/cds is licensed under the SAP Developer License Agreement, not an
# open-source licence: it allows testing and non-productive use, and binds
# whoever installs it. So this asks first: SAP_LICENSE_ACCEPTED=1, or "yes"
# typed at the prompt. The first install compiles better-sqlite3 (minutes).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
CACHE=${ONRAMP_SAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/onramp/sap}
RUN=$ROOT/build/sap
PKGS="@sap/cds@9 @cap-js/sqlite@2 @cap-js-community/odata-v2-adapter@1 express@4"

cat <<TXT
make check-sap installs SAP's Cloud Application Programming Model (CAP) from npm into
$CACHE:
  @sap/cds@9 under the SAP DEVELOPER LICENSE AGREEMENT (Version 3.2 CAP, as shipped
  with @sap/cds 9), not an open-source licence. In short: a licence to build
  applications for testing and non-productive use (productive use only on SAP's
  platforms); no passing the software on to others; no use of it to train AI models.
  By installing or using it you accept the agreement, and it binds you (or the
  company you act for). The full text: $CACHE/node_modules/@sap/cds/LICENSE
  @cap-js/sqlite@2 and @cap-js-community/odata-v2-adapter@1: Apache-2.0.
TXT
if [ "${SAP_LICENSE_ACCEPTED:-}" != 1 ]; then
	if [ -t 0 ]; then
		printf 'Type yes to accept the SAP Developer License and go on: '
		read -r answer
		[ "$answer" = yes ] || { echo "Not accepted; nothing installed."; exit 2; }
	else
		echo "Not accepted; nothing installed. To accept: SAP_LICENSE_ACCEPTED=1 make check-sap"
		exit 2
	fi
fi
command -v node >/dev/null && command -v npm >/dev/null || { echo "check-sap needs node (20 or later) and npm"; exit 2; }

# ---- the packages, in the cache ------------------------------------------------
if [ ! -f "$CACHE/node_modules/@sap/cds/package.json" ] ||
	[ ! -f "$CACHE/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ]; then
	echo "Installing into $CACHE (the first time compiles better-sqlite3: a few minutes)..."
	mkdir -p "$CACHE"
	# npm 11 runs a dependency's install script only when allowed
	[ -f "$CACHE/package.json" ] || printf '%s\n' '{"name": "onramp-sap-peer", "private": true, "allowScripts": {"better-sqlite3": true}}' >"$CACHE/package.json"
	# node-gyp builds against the installed node's headers (no download)
	[ -f /usr/include/node/node.h ] && export npm_config_nodedir=/usr
	(cd "$CACHE" && npm install --no-audit --no-fund $PKGS) || { echo "npm install failed"; exit 1; }
	[ -f "$CACHE/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ] ||
		(cd "$CACHE" && npm rebuild better-sqlite3) || { echo "better-sqlite3 did not build"; exit 1; }
fi

# ---- the service: ours, seeded; npm's packages linked in --------------------------
make --no-print-directory build/onramp-san CFLAGS="-O1 -g" >/dev/null || { echo "could not build onramp"; exit 1; }
rm -rf "$RUN"
mkdir -p "$RUN"
cp -R tests/sap/db tests/sap/srv tests/sap/package.json tests/sap/server.js "$RUN/"
ln -s "$CACHE/node_modules" "$RUN/node_modules"
/usr/bin/python3 tests/sap/seed.py "$RUN" || exit 1
(cd "$RUN" && ONRAMP_SAP_PORT_FILE="$RUN/port" PORT=0 exec node node_modules/@sap/cds/bin/serve.js) \
	>"$RUN/cap.log" 2>&1 &
CAP_PID=$!
trap 'kill $CAP_PID 2>/dev/null' EXIT INT TERM
i=0
while [ ! -s "$RUN/port" ] && [ $i -lt 600 ] && kill -0 $CAP_PID 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
[ -s "$RUN/port" ] || { echo "CAP did not start:"; sed 's/^/  /' "$RUN/cap.log"; exit 1; }
echo "CAP $(node -p 'require(process.argv[1]).version' "$CACHE/node_modules/@sap/cds/package.json") on port $(cat "$RUN/port")"

ONRAMP_SAP_PORT="$(cat "$RUN/port")" sh tests/sap/test_cap.sh | tee "$RUN/tap.txt"
passed=$(grep -c '^ok ' "$RUN/tap.txt")
failed=$(grep -c '^not ok ' "$RUN/tap.txt")
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
