# Deterministic variations of catalog names: N lines from the names on stdin.
BEGIN {
	nc = split("Acme Globex Initech Umbrella Stark Wayne Hooli Vandelay Tyrell Cyberdyne Soylent Wonka Oscorp Aperture Gringotts Monarch Nakatomi Dunder Pied Virtucon", co, " ")
	ns = split("Hamburg Lyon Austin Osaka Brno Porto Gdańsk Malmö São_Paulo Zürich Kraków Detroit Pune Monterrey Łódź Bergen Querétaro Nantes Göteborg Shenzhen Leeds Ostrava Brașov Espoo", si, " ")
	ne = split("Prod Test Sandbox Staging Dev QA Training Archive", en, " ")
}
{ base[nb++] = $0 }
END {
	for (i = 0; i < N; i++) {
		b = base[i % nb]; k = int(i / nb)
		c = co[1 + (k * 7 + i) % nc]; s = si[1 + (k * 11 + i * 3) % ns]; e = en[1 + (k + i) % ne]
		gsub("_", " ", s)
		p = (k + i) % 6
		if (p == 0) print b
		else if (p == 1) print b " " s
		else if (p == 2) print c " " b
		else if (p == 3) print b " (" e ")"
		else if (p == 4) print b " " s " " (k % 97)
		else print c " " b " " e " " (k % 89)
	}
}
