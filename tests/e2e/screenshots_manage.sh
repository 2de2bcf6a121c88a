# screenshots_manage.sh: sourced by screenshots.sh (its shot, use_short_home,
# RIGHT and TRYTON): "Manage connections" with a connection's sync state,
# at 80x24 (manage.svg) and 60x16 (manage-small.svg), and its webhooks
# (webhooks.svg). A connection to the
# real Tryton is synced with s; a webhook endpoint that answers 500 (the
# fixture's HTML error page) has failing deliveries, made by onramp agent.
rm -rf "$SHORT/home" "$SHORT/config" "$SHORT/data"
use_short_home
cli "$E2E_DIR/m1.json" connect tryton --field url="$TRYTON" --field database=onramp_test \
	--field username=admin --secret password=@"$RIGHT" --json
MID=$(json "$E2E_DIR/m1.json" 'j["connection"]["id"]')
cli "$E2E_DIR/m2.json" webhooks add "http://127.0.0.1:$ONRAMP_T_HTTP/hostile/html-error" --json
app_start
to_manage
if expect "── $MID · tryton" "the Manage screen shows $MID"; then
	send_keys s
	expect "Sync of $MID done" "s syncs it with the real Tryton" 60
	# the agent tries to deliver the sync's events: each answer is a 500
	env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$HOME" XDG_CONFIG_HOME="$XDG_CONFIG_HOME" \
		XDG_DATA_HOME="$XDG_DATA_HOME" LANG=C.UTF-8 TZ=UTC ONRAMP_WEBHOOK_SCALE=0.0001 \
		"$ONRAMP_BIN" agent --tick 1 >"$E2E_DIR/agent.out" 2>&1 &
	MAGENT=$!
	wait_for "failing or disabled" 15
	kill -TERM $MAGENT
	wait $MAGENT 2>/dev/null
	expect "deliveries of this connection" "the webhooks line says deliveries fail" 10 &&
		shot manage "onramp: a connection's syncs and webhooks"
	send_keys w
	expect "is failing since" "w lists the endpoint and the failing deliveries" &&
		shot webhooks "onramp: webhook endpoints and failing deliveries"
	send_keys Escape
	wait_for "onramp · Manage connections" 5
	resize 60 16
	E2E_W=60 E2E_H=16
	wait_for "Webhooks" 5 && shot manage-small "onramp: the same at 60x16"
	E2E_W=80 E2E_H=24
fi
app_stop
