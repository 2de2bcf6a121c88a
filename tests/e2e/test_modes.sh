#!/bin/sh
# test_modes.sh: the three ways in besides the full-screen wizard.
# - The question loop: a script that does not know Tryton's fields runs
#   `onramp connect tryton --non-interactive --json`, answers each
#   .question (by field name, secrets through files) and repeats until ok,
#   against the real Tryton server; a wrong database comes back as a
#   question for "database" with an error.
# - Never prompt when stdin is not a terminal: `onramp </dev/null` and a
#   connect with missing fields fail at once, saying what to do.
# - Line mode, driven through a pty: TERM=dumb, and --plain in an 80x24
#   xterm: search, pick, answer, the stage lines, Connected; the password
#   is never echoed, and the output has no escape sequences.
. "$(dirname "$0")/lib.sh"
e2e_init

PW=$(secret_file tryton_pw "$ONRAMP_T_TRYTON_PASSWORD")
URL="http://127.0.0.1:$ONRAMP_T_TRYTON"
OUTS=$E2E_DIR/out
mkdir -p "$OUTS"
TOKENS=$E2E_SECRETS/tokens
: >"$TOKENS"

# answer FIELD: the script's map of answers, keyed by field name.
answer() {
	case "$1" in
	url) echo "$URL" ;;
	database) echo "${DB_ANSWER:-onramp_test}" ;;
	username) echo admin ;;
	password) echo "@$PW" ;;
	*) return 1 ;;
	esac
}

# ================= the question loop ================================================
# Positional parameters hold the answers so far; each round adds one.
set --
rounds=0
loop_ok=""
asked=""
while [ $rounds -lt 10 ]; do
	rounds=$((rounds + 1))
	OUT=$OUTS/q$rounds.json
	cli "$OUT" connect tryton --non-interactive --json "$@"
	if [ "$(json "$OUT" 'j.get("ok")')" = true ]; then
		loop_ok=1
		break
	fi
	field=$(json "$OUT" 'j["question"]["field"]')
	secret=$(json "$OUT" 'j["question"]["secret"]')
	asked="$asked $field"
	a=$(answer "$field") || { note "no answer for \"$field\""; break; }
	if [ "$secret" = true ]; then
		set -- "$@" --secret "$field=$a"
	else
		set -- "$@" --field "$field=$a"
	fi
done
[ -n "$loop_ok" ] && ok "the question loop ends with ok=true after $rounds rounds (asked:$asked)" ||
	{ not_ok "the question loop ends with ok=true (round $rounds, exit $CLI_RC, asked:$asked)"; sed -n '1,30s/^/# /p' "$OUT" "$OUT.err"; }
[ "$rounds" -le 6 ] && ok "it took at most 6 rounds ($rounds)" || not_ok "it took at most 6 rounds ($rounds)"
[ "$CLI_RC" = 0 ] && ok "the last round exits 0" || not_ok "the last round exits 0 (got $CLI_RC)"
TOKEN=$(json "$OUT" 'j["token"]')
ID=$(json "$OUT" 'j["connection"]["id"]')
case "$TOKEN" in onr_*)
	printf '%s\n' "$TOKEN" >>"$TOKENS"
	ok "it ends with a token" ;;
*) not_ok "it ends with a token" ;; esac
tf=$(secret_file tok "$TOKEN")
CLI_STDIN=$tf cli "$OUTS/tc.out" token check -
[ "$CLI_RC" = 0 ] && grep -qx "$ID" "$OUTS/tc.out" && ok "the loop's token checks out as $ID" || not_ok "the loop's token checks out as $ID"
case "$asked" in *password*) ;; *) not_ok "the loop was asked for the password" ;; esac
[ "$(json "$OUTS/q1.json" 'all(k in j["question"] for k in ("field", "label", "help", "secret", "error"))')" = true ] &&
	ok "a question has field, label, help, secret and error" || not_ok "a question has field, label, help, secret and error"
pwq=$(for f in "$OUTS"/q*.json; do json "$f" 'j.get("question", {}).get("field") == "password" and j["question"]["secret"]'; done | grep -c true)
[ "$pwq" = 1 ] && ok "the password question says secret: true" || not_ok "the password question says secret: true"
files=$(files_with "$PW" "$OUTS")
[ -z "$files" ] && ok "no answer of the loop echoes the password" || not_ok "an answer echoes the password: $files"

# a wrong answer comes back as a question, with an error
OUT=$OUTS/wrongdb.json
cli "$OUT" connect tryton --non-interactive --json --field url="$URL" --field database=no_such_db \
	--field username=admin --secret password=@"$PW"
got=$(json "$OUT" '(j["ok"], j["question"]["field"], bool(j["question"]["error"]))')
[ "$got" = '[false, "database", true]' ] && ok "a wrong database comes back as a question for database with an error" ||
	{ not_ok "a wrong database comes back as a question for database with an error (got $got)"; sed -n '1,20s/^/# /p' "$OUT"; }
note "error: $(json "$OUT" 'j["question"]["error"]') (exit $CLI_RC)"
[ "$CLI_RC" != 0 ] && ok "... and a non-zero exit ($CLI_RC)" || not_ok "... and a non-zero exit"
# the script fixes the answer it was told is wrong: the next round connects
DB_ANSWER=onramp_test
cli "$OUTS/fixed.json" connect tryton --non-interactive --json --field url="$URL" \
	--field database="$(answer database)" --field username=admin --secret password=@"$PW"
[ "$CLI_RC" = 0 ] && [ "$(json "$OUTS/fixed.json" 'j["ok"]')" = true ] && ok "with the database fixed, the next round connects" ||
	not_ok "with the database fixed, the next round connects (exit $CLI_RC)"
printf '%s\n' "$(json "$OUTS/fixed.json" 'j["token"]')" >>"$TOKENS"

# ================= never prompt when stdin is not a terminal ============================
t0=$(date +%s%N)
cli "$OUTS/nostdin.out" </dev/null
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
[ "$CLI_RC" = 2 ] && ok "onramp </dev/null exits 2" || not_ok "onramp </dev/null exits 2 (got $CLI_RC)"
[ "$ms" -lt 3000 ] && ok "... at once (${ms} ms)" || not_ok "... at once (took ${ms} ms)"
grep -qF -- "--non-interactive" "$OUTS/nostdin.out.err" && ok "... with a message naming --non-interactive" ||
	{ not_ok "... with a message naming --non-interactive"; sed 's/^/# /' "$OUTS/nostdin.out.err"; }
[ ! -s "$OUTS/nostdin.out" ] && ok "... and no prompt on stdout" || not_ok "... and no prompt on stdout"
for opt in --plain --kiosk; do
	cli "$OUTS/nostdin$opt.out" $opt
	[ "$CLI_RC" = 2 ] && grep -qF -- "--non-interactive" "$OUTS/nostdin$opt.out.err" &&
		ok "onramp $opt </dev/null: exit 2 naming --non-interactive" || not_ok "onramp $opt </dev/null: exit 2 naming --non-interactive (got $CLI_RC)"
done
t0=$(date +%s%N)
cli "$OUTS/missing.out" connect tryton --field url="$URL"
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
[ "$CLI_RC" = 3 ] && [ "$ms" -lt 3000 ] && ok "connect with missing fields and no terminal fails at once (exit 3, ${ms} ms)" ||
	not_ok "connect with missing fields and no terminal fails at once (exit $CLI_RC, ${ms} ms)"
grep -qiE 'database' "$OUTS/missing.out.err" && ok "... naming the missing field (database)" ||
	{ not_ok "... naming the missing field (database)"; sed 's/^/# /' "$OUTS/missing.out" "$OUTS/missing.out.err"; }
cli "$OUTS/missing.json" connect tryton --field url="$URL" --field database=onramp_test --field username=admin --json
[ "$CLI_RC" = 3 ] && [ "$(json "$OUTS/missing.json" 'j["error"]["field"]')" = password ] &&
	ok "connect --json without the secret: exit 3, error.field password, no prompt" ||
	not_ok "connect --json without the secret: exit 3, error.field password (exit $CLI_RC, field $(json "$OUTS/missing.json" 'j["error"]["field"]'))"

# ================= line mode through a pty ======================================================
# line_flow WHAT: search tryton, pick 1, answer the prompts, connect.
line_flow() {
	lf=$1
	expect "line mode" "$lf: line mode starts" || return 1
	expect "Search for a system" "$lf: it asks for a search"
	type_text tryton
	send_keys Enter
	expect "1) Tryton" "$lf: \"tryton\" lists Tryton as 1)" || return 1
	type_text 1
	send_keys Enter
	expect "Server address (required):" "$lf: it asks for the server address" || return 1
	type_text "$URL"
	send_keys Enter
	wait_for "Database (required):" 5
	type_text "$2"
	send_keys Enter
	wait_for "User name (required)" 5 # [admin]: its default
	type_text admin
	send_keys Enter
	expect "(hidden as you type):" "$lf: the password prompt says it is hidden" || return 1
	type_secret_line "$PW" || return 1
	send_keys Enter
}

# connected WHAT: Connected, a line per stage, the token; the password not echoed.
connected() {
	lf=$1
	if expect "Connected. Connection ID:" "$lf: Connected" 30; then
		scr=$(screen)
		stage_lines "$lf: a line per stage (ok/skipped)" "Check address" "Find server" "Connect " \
			"Secure connection" "Reach the API" "Sign in"
		# -J joins the token's line with its wrapped rest
		tok=$(tm capture-pane -p -J -t e2e | grep -o 'onr_[A-Za-z0-9_-]*' | head -n 1)
		lid=$(printf '%s\n' "$scr" | sed -n 's/.*Connection ID: *\([a-z0-9]*\).*/\1/p' | head -n 1)
		[ -n "$tok" ] && printf '%s\n' "$tok" >>"$TOKENS"
		tf=$(secret_file tok "$tok")
		CLI_STDIN=$tf cli "$OUTS/tc.out" token check -
		[ "$CLI_RC" = 0 ] && grep -qx "$lid" "$OUTS/tc.out" && ok "$lf: the printed token checks out as $lid" ||
			not_ok "$lf: the printed token checks out as $lid (exit $CLI_RC)"
	fi
	rc=$(wait_exit 10)
	[ "$rc" = 0 ] && ok "$lf: exits 0 after connecting" || not_ok "$lf: exits 0 after connecting (got $rc)"
	files=$(files_with "$PW" "$E2E_SCREENS")
	[ -z "$files" ] && ok "$lf: the password is not echoed (on no captured screen)" || not_ok "$lf: the password is echoed: $files"
	if screen_colour | grep -q "$(printf '\033')\["; then
		not_ok "$lf: the output has no escape sequences"
		screen_colour | grep "$(printf '\033')\[" | head -3 | cat -v | sed 's/^/# /'
	else
		ok "$lf: the output has no escape sequences"
	fi
	stderr_clean "$lf: no sanitizer report"
}

app_start_env TERM=dumb --
if line_flow "TERM=dumb" onramp_test; then
	connected "TERM=dumb"
fi

# --plain in an 80x24 xterm, through a failure: a wrong database, then e
app_start --plain
if line_flow "--plain" no_such_db; then
	if expect "no database with this name" "--plain: a wrong database is explained" 30; then
		screen | grep -q "What now? e = edit details" && ok "--plain: it offers edit, retry, another system, quit" ||
			not_ok "--plain: it offers edit, retry, another system, quit"
		type_text e
		send_keys Enter
		expect "Database (required) [no_such_db]:" "--plain: e asks the named field again, showing the old answer" || show_last
		send_keys C-u
		type_text onramp_test
		send_keys Enter
		connected "--plain"
	fi
fi
files=$(files_with "$PW" "$HOME")
[ -z "$files" ] && ok "the password is in no file under HOME" || not_ok "the password is in no file under HOME: $files"
files=$(files_with "$TOKENS" "$HOME")
[ -z "$files" ] && ok "no token is in a file under HOME" || not_ok "a token is in a file under HOME: $files"
finish
