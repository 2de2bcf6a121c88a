# binary.sh NAME: sourced by the store tests. Sets ONRAMP to the absolute
# path of the binary under test ($ONRAMP, else ./build/onramp-san or
# ./onramp), or ends the test as failed (TAP) when there is none.
ONRAMP=${ONRAMP:-}
if [ -z "$ONRAMP" ]; then
	for b in ./build/onramp-san ./onramp; do
		if [ -x "$b" ]; then ONRAMP=$b; break; fi
	done
fi
if [ -z "$ONRAMP" ] || [ ! -x "$ONRAMP" ]; then
	echo "not ok 1 - $1: an onramp binary to test (build it, or set ONRAMP=...)"
	echo "1..1"
	exit 1
fi
ONRAMP=$(cd "$(dirname "$ONRAMP")" && pwd)/$(basename "$ONRAMP")
