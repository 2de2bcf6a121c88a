#!/bin/sh
# test_auth_methods.sh: every auth method, through the shipped catalog
# entries, both with `validate --json` and in the TUI, against the fixture
# server (tests/servers/fixture.py, which speaks each system's documented
# wire format). The TUI runs `--system ID --preset KEY=VALUE` for the public
# fields; the secrets are typed into the form from files.
. "$(dirname "$0")/lib.sh"
e2e_init notryton

F="http://127.0.0.1:$ONRAMP_T_HTTP"
# eleven systems, some of tier 4: more than the default pool of 10 credits
credits_pool 100

# label ID KEY: the form label of a field, from `systems --json`.
label() {
	cli "$E2E_DIR/sys.json" systems "$1" --json --limit 1
	json "$E2E_DIR/sys.json" "[f['label'] for f in j[0]['fields'] if f['key']=='$2'][0]"
}

# method ID "KEY=VALUE ..." "KEY=SECRET ...": one system, CLI then TUI.
method() {
	id=$1
	secret_pairs=$3
	set -- $2
	fields=""
	presets=""
	for kv in "$@"; do
		fields="$fields --field $kv"
		presets="$presets --preset $kv"
	done
	secrets=""
	n=0
	for kv in $secret_pairs; do
		n=$((n + 1))
		k=${kv%%=*}
		eval "sf_$n=\$(secret_file $id.$k '${kv#*=}')"
		eval "sk_$n=$k"
		secrets="$secrets --secret $k=@$(eval echo \$sf_$n)"
	done
	# shellcheck disable=SC2086
	cli "$E2E_DIR/v.json" validate "$id" $fields $secrets --json
	check "$id: validate --json says ok (exit $CLI_RC, $(json "$E2E_DIR/v.json" "j.get('error',{}).get('code')"))" \
		[ "$(json "$E2E_DIR/v.json" "j['ok']")" = true ]
	check "$id: the sign-in is verified" [ "$(json "$E2E_DIR/v.json" "j['stages'][5]['status']")" = ok ]
	# shellcheck disable=SC2086
	app_start --system "$id" $presets
	expect "Connection details" "$id: the TUI opens the form" 10 || return
	i=1
	while [ $i -le $n ]; do
		lab=$(label "$id" "$(eval echo \$sk_$i)")
		focus_field "$lab" && type_secret "$lab" "$(eval echo \$sf_$i)"
		i=$((i + 1))
	done
	# Enter moves on field by field and submits on the last one
	enter_until "Checking|Connected|Connection failed" 8
	expect "Connected" "$id: the TUI connects" 15
	check "$id: the token is shown once" screen_has "onr_"
	end_app "$id"
}

screen_has() {
	screen | grep -q "$1"
}

method sap-s4hana-onprem "url=$F client=100 username=ALICE" "password=Fixture-Pa55!"
method dynamics365-business-central "tenant=contoso.onmicrosoft.com environment=production client_id=aaaaaaaa-0000-0000-0000-000000000001 authority=$F api_base=$F" "client_secret=Fixture~Secret.1"
method dynamics365-finance-operations "url=$F tenant=contoso.onmicrosoft.com client_id=aaaaaaaa-0000-0000-0000-000000000001 authority=$F" "client_secret=Fixture~Secret.1"
method netsuite "account_id=1234567_SB1 consumer_key=ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4 token_id=2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc api_base=$F" "consumer_secret=d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5 token_secret=c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295"
method sap-business-one "url=$F company_db=SBODEMOUS username=manager" "password=B1-Fixture!"
method acumatica "url=$F client_id=0A1B2C3D-0000-4000-8000-000000000001@Company username=admin endpoint_version=24.200.001" "client_secret=Acu-Fixture-Secret password=Acu-Pa55!"
method upkeep "email=alice@example.com api_base=$F" "password=UpKeep-Pa55!"
# json_login (Prophet 21's JSON login): the session token (the fixture's
# start "TOK") is never written anywhere, not even sealed: it is fetched
# again at each check
method epicor-prophet-21 "url=$F username=api_user" "password=P21-Pa55!"
check "epicor-prophet-21: the session token is in no file of the test's home or output" \
	sh -c '! grep -rqs "TOKB" "$1" "$2"' sh "$HOME" "$E2E_DIR"
cli "$E2E_DIR/v.json" validate epicor-prophet-21 --field url="$F" --field username=api_user \
	--secret password=@"$(secret_file p21.wrong 'not-the-password')" --json
check "epicor-prophet-21: a refused login is auth.wrong_login on password (exit $CLI_RC)" \
	[ "$(json "$E2E_DIR/v.json" "j['error']['code'] + ' ' + j['error']['field']")" = "auth.wrong_login password" ]
method odoo "url=$F database=odoo_test username=admin" "password=6b3bd1f8a0d94c6e9f3e2a1b7c5d4e3f2a1b0c9d"
method ibm-maximo "url=$F" "api_key=fixture-maximo-key-123"
# OAuth2 password grant, as Infor's ION API (service account pair from the .ionapi file) and Manhattan Active (client in HTTP Basic)
IT="ACME_TST"
method infor-m3 "ion_url=$F tenant=$IT token_url=$F/$IT/as/token.oauth2 client_id=ACME_TST~fixtureClientId" "client_secret=Infor-Client-Secret service_key=ACME_TST#saakFixture service_secret=Infor-Service-Secret"
method infor-ln "ion_url=$F tenant=$IT token_url=$F/$IT/as/token.oauth2 client_id=ACME_TST~fixtureClientId" "client_secret=Infor-Client-Secret service_key=ACME_TST#saakFixture service_secret=Infor-Service-Secret"
method infor-cloudsuite-industrial "ion_url=$F tenant=$IT token_url=$F/$IT/as/token.oauth2 client_id=ACME_TST~fixtureClientId config=ACME_TST_DALS" "client_secret=Infor-Client-Secret service_key=ACME_TST#saakFixture service_secret=Infor-Service-Secret"
method manhattan-active-wm "url=$F token_url=$F/oauth/token client_id=omnicomponent.1.0.0 username=integration@acme.example" "client_secret=Manh-Client-Secret password=Manh-Pa55!"
# the password grant with Deltek Vantagepoint's own form members (database, Integrated, its spelling)
method deltek-vantagepoint "url=$F/vantagepoint/api database=ACME_VP client_id=a1b2c3d4e5f6 username=APIUSER" "client_secret=Vp-Client-Secret password=Vp-Pa55!"
# a wrong service-account secret is the token service's invalid_grant, on that field
cli "$E2E_DIR/v.json" validate infor-m3 --field ion_url="$F" --field tenant=$IT --field token_url="$F/$IT/as/token.oauth2" \
	--field client_id=ACME_TST~fixtureClientId --secret client_secret=@"$(secret_file infor.cs Infor-Client-Secret)" \
	--secret service_key=@"$(secret_file infor.saak 'ACME_TST#saakFixture')" --secret service_secret=@"$(secret_file infor.bad wrong)" --json
check "infor-m3: a wrong service account secret is refused (exit $CLI_RC, $(json "$E2E_DIR/v.json" "j.get('error',{}).get('code')"))" \
	[ "$(json "$E2E_DIR/v.json" "j['ok']")" = false ]
method erpnext "url=$F api_key=fixture-key" "api_secret=fixture-secret"
method aws "access_key_id=AKIAIOSFODNN7EXAMPLE region=eu-west-1 endpoint=$F" "secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
check "aws: the identity is the user's ARN" \
	[ "$(json "$E2E_DIR/v.json" "j.get('identity')")" = "arn:aws:iam::123456789012:user/onramp-fixture" ]

# AWS, temporary credentials: the secret from a file, the session token on stdin
CLI_STDIN=$(secret_file aws.session_token 'FwoGZXIvYXdzEXAMPLEsessionTOKEN//fixture=')
cli "$E2E_DIR/v.json" validate aws --field access_key_id=ASIAIOSFODNN7EXAMPLE --field endpoint="$F" \
	--secret secret_access_key=@"$(secret_file aws.tmp_secret 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY')" \
	--secret session_token=- --json
check "aws: temporary credentials with a session token sign in (exit $CLI_RC)" \
	[ "$(json "$E2E_DIR/v.json" "j['ok']")" = true ]
# a wrong secret: named plainly, with the field to fix and exit 6
CLI_STDIN=$(secret_file aws.wrong 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGKEY00')
cli "$E2E_DIR/v.json" validate aws --field access_key_id=AKIAIOSFODNN7EXAMPLE --field endpoint="$F" \
	--secret secret_access_key=- --json
check "aws: a wrong secret is aws.bad_secret on secret_access_key" \
	[ "$(json "$E2E_DIR/v.json" "j['error']['code'] + ' ' + j['error']['field']")" = "aws.bad_secret secret_access_key" ]
check "aws: a refused sign-in exits 6 (exit $CLI_RC)" [ "$CLI_RC" -eq 6 ]
CLI_STDIN=
finish
