#!/bin/sh
# deps.sh run|check|bench: makes sure Debian's packages for that job are
# installed. As root it installs them (after `apt-get update` when the
# package lists are missing or the first try fails); otherwise it prints
# the one command to run.
set -u
BUILD="gcc make pkg-config libncurses-dev libcurl4-openssl-dev libcjson-dev libsodium-dev libsqlite3-dev libmicrohttpd-dev libqrencode-dev libpq-dev gettext"
case "${1:-run}" in
run) want="$BUILD" ;;
check) want="$BUILD wrk tmux openssl curl jq perl python3 tryton-server tryton-modules-purchase postgresql" ;;
bench) want="$BUILD fzy fzf curl hyperfine postgresql" ;;
*) echo "usage: deps.sh run|check|bench" >&2; exit 2 ;;
esac

missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "onramp needs these Debian packages:$missing"
	echo "Install them with:"
	echo "  sudo apt-get update && sudo apt-get install -y$missing"
	exit 1
fi
echo "Installing:$missing"
export DEBIAN_FRONTEND=noninteractive
if [ -z "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v -e lock -e partial)" ]; then
	apt-get update -qq || exit 1
fi
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
	{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null; } || {
	echo "Could not install:$missing. Check the network and apt sources, then run make again." >&2
	exit 1
}
