# screenshots_i18n.sh: sourced by screenshots.sh (its shot, RIGHT, WRONG
# and TRYTON): the failure screen in each language (README, "Languages"),
# screenshots/failure-{de,es,fr,pt_BR}.svg: the wrong password on the
# real Tryton, as failure.svg shows it in English.
for lang in de es fr pt_BR; do
	case $lang in
	de) failed="Verbindung fehlgeschlagen" caption="onramp auf Deutsch: eine fehlgeschlagene Prüfung" password="Passwort" ;;
	es) failed="Conexión fallida" caption="onramp en español: una comprobación fallida" password="Contraseña" ;;
	fr) failed="Échec de la connexion" caption="onramp en français : une vérification échouée" password="Mot de passe" ;;
	pt_BR) failed="Falha na conexão" caption="onramp em português: uma verificação que falhou" password="Senha" ;;
	esac
	fresh_home
	app_start_env LANGUAGE=$lang -- --system tryton
	if wait_for "F1" 10; then
		type_text "$TRYTON"
		send_keys Tab
		type_text onramp_test
		send_keys Tab Tab # the user name comes filled in: admin
		type_secret "$password" "$WRONG" # the label is translated too
		send_keys Enter
		expect "$failed" "$lang: the wrong password fails, in its language" 30 &&
			shot "failure-$lang" "$caption"
	else
		not_ok "$lang: the wizard starts"
	fi
	app_stop
done
