#!/bin/sh
# test_catalog_list.sh: the list after issue 16's folding. A cloud platform
# is one product: a search for one of its services finds it, and choosing it
# fills the form's Service field with the service the search named. A first
# hit that only typo forgiveness found is offered as "did you mean", in the
# full-screen list and in line mode, never shown as the answer.
. "$(dirname "$0")/lib.sh"
e2e_init noservers

# ---- one entry per cloud platform -----------------------------------------------------
cli "$E2E_DIR/all.json" systems --json --limit 100000
got=$(json "$E2E_DIR/all.json" 'sum(1 for e in j if e["auth"] == "aws_sigv4")')
check "one AWS entry signs with SigV4 (got $got)" [ "$got" = 1 ]
for q in "dynamodb:aws" "Amazon S3:aws" "key vault:azure" "cosmos db:azure" "bigquery:google-cloud" "cloud run:google-cloud"; do
	cli "$E2E_DIR/q.json" systems "${q%%:*}" --json --limit 3
	got=$(json "$E2E_DIR/q.json" 'j[0]["id"] if j else "none"')
	check "systems \"${q%%:*}\" finds ${q#*:} first (got $got)" [ "$got" = "${q#*:}" ]
done

# ---- the honesty rules hold for the committed catalog (tools/catalog/check.py: one entry
# per API host and per cloud platform, no demo host, no folded or dropped entry back, no
# alias that is another product's name)
# (its summary goes to a file: on the TAP stream it would break the plan)
if /usr/bin/python3 "$ROOT/tools/catalog/check.py" "$ROOT/core/catalog/generated.json" \
	"$ROOT/core/catalog/curated.json" >"$E2E_DIR/check_py.out" 2>&1; then
	ok "tools/catalog/check.py accepts the committed catalog"
else
	not_ok "tools/catalog/check.py accepts the committed catalog"
	sed 's/^/# /' "$E2E_DIR/check_py.out"
fi

# ---- the README's counts are `systems --stats`, line for line --------------------------
cli "$E2E_DIR/stats.txt" systems --stats
check "systems --stats prints the table and the industrial line" grep -q '^\*\*Industrial\*\* (ERP' "$E2E_DIR/stats.txt"
missing=$(grep -v '^$' "$E2E_DIR/stats.txt" | while IFS= read -r line; do
	grep -qxF -- "$line" "$ROOT/README.md" || echo "$line"; done | head -n 3)
check "every line of systems --stats is in the README (missing: ${missing:-none})" [ -z "$missing" ]

# ---- the list: did you mean -----------------------------------------------------------
fresh_home
app_start
if to_list; then
	type_text sievo
	expect "No exact match for \"sievo\"; did you mean" "a typo-only first hit is a suggestion in the list"
	send_keys Escape
	wait_gone "sievo" 5
	type_text tryton
	wait_for "1 of" 5
	if screen_has "No exact match"; then not_ok "an exact hit has no did-you-mean line"; show_last
	else ok "an exact hit has no did-you-mean line"; fi
	send_keys Escape
	wait_gone "tryton" 5
	# ---- a service opens its platform with the service filled in ----------------------
	type_text dynamodb
	expect "Amazon Web Services (AWS)" "dynamodb lists Amazon Web Services"
	send_keys Enter
	expect "Connection details" "Enter opens the AWS form"
	expect_line "$(screen | grep -n 'Service (optional)' | cut -d: -f1)" "DynamoDB" "the Service field holds the service the search named"
	stderr_clean "the list and the form: no sanitizer report"
fi
app_stop

# ---- line mode says the same ---------------------------------------------------------
fresh_home
app_start --plain
if expect "Search for a system" "line mode asks for a search"; then
	type_text sievo
	send_keys Enter
	expect "No exact match for \"sievo\"; did you mean" "line mode: a typo-only first hit is a suggestion"
fi
app_stop

# ---- line mode: a service fills the Service answer too ---------------------------------
fresh_home
app_start --plain
if expect "Search for a system" "line mode asks for a search (again)"; then
	type_text dynamodb
	send_keys Enter
	expect "Type a number to choose" "line mode lists Amazon Web Services for dynamodb"
	type_text 1
	send_keys Enter
	# the questions before Service: key ID, secret (not echoed; a made-up one), region,
	# session token, STS address
	expect "Access key ID" "line mode asks for the access key ID"
	type_text AKIAIOSFODNN7EXAMPLE
	send_keys Enter
	wait_for "Secret access key" 10 && type_text wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY && send_keys Enter
	for q in "Region" "Session token" "STS address"; do
		wait_for "$q" 10 && send_keys Enter
	done
	expect "Service (optional) [DynamoDB]" "line mode offers the service the search named as the Service answer"
fi
app_stop
finish
