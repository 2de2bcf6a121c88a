# binary.sh NAME: sourced by the store tests. Sets ONRAMP to the absolute
# path of the binary under test ($ONRAMP, else ./build/onramp-san or
# ./onramp), or ends the test as failed when there is none.
ONRAMP=${ONRAMP:-}
if [ -z "$ONRAMP" ]; then
	for b in ./build/onramp-san ./onramp; do
		if [ -x "$b" ]; then ONRAMP=$b; break; fi
	done
fi
if [ -z "$ONRAMP" ] || [ ! -x "$ONRAMP" ]; then
	echo "$1: no onramp binary (build it, or set ONRAMP=...)"
	echo "0 passed, 1 failed"
	exit 1
fi
ONRAMP=$(cd "$(dirname "$ONRAMP")" && pwd)/$(basename "$ONRAMP")
