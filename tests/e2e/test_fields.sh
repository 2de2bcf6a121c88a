#!/bin/sh
# test_fields.sh: the form's values as a newcomer types and pastes them
# (issue 11 items 6 and 11): blanks around a pasted value go; an address
# without https:// gets it, with a notice saying so; a port out of range
# has its own message; a placeholder reads "e.g. ..." and dim, and is gone
# once the field says "This field is required"; the errors name the
# address as the form does ("server address"); line mode wraps at word
# boundaries.
. "$(dirname "$0")/lib.sh"
e2e_init notryton

F="http://127.0.0.1:$ONRAMP_T_HTTP"
# joined_has TEXT: the screen, its wrapped lines joined into one, holds TEXT

# paste TEXT: TEXT as a terminal pastes it (bracketed paste)
paste() {
	printf '%s' "$1" >"$E2E_DIR/paste.txt"
	tm load-buffer -b e2e-paste "$E2E_DIR/paste.txt" && tm paste-buffer -p -d -b e2e-paste -t e2e
}

app_start --system tryton
expect "Connection details" "the Tryton form opens"
check "the placeholder reads as an example: \"e.g. http://erp.example.com:8000\"" \
	screen_has "e.g. http://erp.example.com:8000"
case "$(screen_colour | sgr_scan style "e.g. http")" in *dim*) ok "the placeholder is dim (shows without colour too)" ;;
*) not_ok "the placeholder is dim ($(screen_colour | sgr_scan style "e.g. http"))" ;; esac
focus_field "Password"
send_keys Enter # past the last field: the check says what is missing
expect "This field is required" "Enter with empty fields says what is required"
check "the placeholder is not shown as if it were the value" screen_lacks "http://erp.example.com:8000"
focus_field "Server address"
paste "   erp.acme.example:8000
"
expect "erp.acme.example:8000" "a pasted address shows"
check "the blanks around the paste are gone (the value starts the box)" \
	sh -c 'tmux -L "$1" capture-pane -p -t e2e | grep -qE "Server address +erp\.acme\.example:8000 *$"' _ "$E2E_SOCK"
check "an address without https:// is not marked wrong while typing" screen_lacks "must start with https://"
send_keys C-u
type_text "https://erp.acme.example:70000"
expect "The port (after the colon) must be a number from 1 to 65535" "a port out of range has its own message"
send_keys C-u
type_text "127.0.0.1:$ONRAMP_T_HTTP"
focus_field "Database"
type_text db
focus_field "Password"
type_text x
send_keys Enter
wait_for "Connection failed" 20
check "the check adds https:// and says what it assumed" \
	joined_has "No https:// or http:// in front of \"127.0.0.1:$ONRAMP_T_HTTP\": onramp assumed https://."
send_keys Escape
wait_for "Connection details" 10
check "the field now holds the address with https://" screen_has "https://127.0.0.1:$ONRAMP_T_HTTP"
end_app "fields"

# ---- one word for the address --------------------------------------------------------------
cli "$E2E_DIR/v.json" validate tryton --field url=http://127.0.0.1:1 --field database=db --field username=u \
	--secret password=@"$(secret_file pw x)" --json
check "a refused port's hint names the \"server address\"" grep -q "server address" "$E2E_DIR/v.json"
check "and never \"instance URL\"" sh -c '! grep -q "instance URL" "$1"' _ "$E2E_DIR/v.json"

# ---- line mode wraps at word boundaries ------------------------------------------------------------
E2E_W=60 E2E_H=30
app_start --plain --system tryton --preset "url=$F"
E2E_W=80 E2E_H=24
wait_for "Server address (required)" 10
send_keys Enter
expect "Database (required)" "line mode asks for the database"
n=$(tm capture-pane -p -t e2e | grep -c .)
j=$(tm capture-pane -p -J -t e2e | grep -c .)
check "line mode at 60 columns: no line runs past the edge ($n rows, $j lines)" [ "$n" = "$j" ]
check "line mode: every line ends at a word boundary" sh -c '! tmux -L "$1" capture-pane -p -t e2e | grep -qE "^.{60}$"' _ "$E2E_SOCK"
app_stop
stderr_clean "no sanitizer report"
finish
