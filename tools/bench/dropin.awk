# A drop-in catalog file (core/catalog/CATALOG.md) with one entry per line
# of stdin (names.awk's names): what a company with a very long list of
# internal systems might keep in $XDG_DATA_HOME/onramp/systems.d/.
BEGIN {
	nc = split("ERP CMMS/EAM WMS MES Procurement Accounting HR CRM", cat, " ")
	printf "{\"version\": 1, \"systems\": [\n"
}
{
	name = $0
	gsub(/\\/, "\\\\", name); gsub(/"/, "\\\"", name)
	printf "%s{\"id\": \"dropin-%d\", \"name\": \"%s\", \"vendor\": \"Vendor %d\", \"category\": \"%s\", \"tier\": 1, \"auth\": \"bearer\", \"fields\": [{\"key\": \"url\", \"label\": \"Address\", \"kind\": \"url\", \"required\": true}], \"probe\": {\"url\": \"{url}/api/me\"}}", (NR > 1 ? ",\n" : ""), NR, name, NR % 500, cat[1 + NR % nc]
}
END { printf "\n]}\n" }
