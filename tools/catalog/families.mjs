// families.mjs: folds a cloud platform's service sprawl into the one product
// a person picks (issue 16, "count products, not APIs").
//
// APIs.guru lists every AWS service, Azure resource provider and Google
// Cloud API as its own spec. They share one sign-in and one check (STS,
// the subscription list, the Google sign-in), so each platform becomes one
// entry; the service names stay as its aliases, so a search for
// "DynamoDB" still finds AWS, and the list fills the optional `service`
// field with the name it matched (tui/, CATALOG.md).
//
// The families are described in curation.json under "families"; every
// member folded is printed, like the other curation steps.

/** Entries a family takes: by auth method, by API host, or by id pattern. */
function member(s, m) {
	if (m.method && s.auth.method !== m.method) return false;
	if (m.host && !new RegExp('^https://' + m.host.replace(/\./g, '\\.') + '(/|$)').test(s.base_url)) return false;
	if (m.ids && !new RegExp(m.ids).test(s.id)) return false;
	if (m.except && m.except.includes(s.id)) return false;
	return true;
}

/** The optional field the list fills with the service name it matched. */
function serviceField(help) {
	return { key: 'service', label: 'Service (optional)', kind: 'text', required: false, secret: false, help };
}

/** systems: the merged entries; fams: curation.json's "families";
 *  templates: whole entries a family starts from when none of the sources
 *  is the product itself (AWS: tools/catalog/clouds.json). Returns the
 *  entries, the families' members replaced by one entry each. */
export function foldFamilies(systems, fams, templates, { norm, uniq }) {
	const gone = new Set();
	const out = [];
	for (const [id, f] of Object.entries(fams)) {
		if (id === 'about') continue;
		const members = systems.filter((s) => !gone.has(s.id) && member(s, f.match));
		const base = f.template ? structuredClone(templates[f.template]) : structuredClone(members.find((s) => s.id === f.base));
		if (!base) throw new Error(`families: ${id}: no base entry ${f.base || f.template}`);
		const names = [];
		for (const s of members) {
			gone.add(s.id);
			const skip = f.skip ? new RegExp(f.skip, 'i') : null;
			// "Amazon DynamoDB" is also searched as "DynamoDB"; the spelled-out
			// name goes first, so it wins over the service code "dynamodb"
			const short = s.name.replace(f.strip ? new RegExp(f.strip) : /^$/, '').trim();
			names.push(s.name);
			if (short && short !== s.name && short.length >= 3) names.push(short);
			names.push(...(s.aliases || []).filter((a) => !skip || !skip.test(a)));
			console.error(`family: ${s.id} (${s.name}) into ${id}`);
		}
		base.id = id;
		if (f.name) base.name = f.name;
		if (f.category) base.category = f.category;
		for (const k of ['needs', 'where', 'guide', 'base_url', 'hints']) if (f[k]) base[k] = f[k];
		if (f.probe) base.probe = f.probe;
		if (f.scope) base.auth = { ...base.auth, scope: f.scope };
		const drop = new Set((f.aliases_remove || []).map(norm));
		base.aliases = uniq([...(f.aliases || []), ...(base.aliases || []), ...names])
			.filter((a) => a && a.length >= 2 && norm(a) !== norm(base.name) && !drop.has(norm(a)));
		if (f.service_help && !base.fields.some((x) => x.key === 'service'))
			base.fields = [...base.fields, serviceField(f.service_help)];
		console.error(`family: ${id} (${base.name}): ${members.length} entries folded, ${base.aliases.length} aliases`);
		out.push(base);
	}
	return { systems: [...systems.filter((s) => !gone.has(s.id)), ...out], folded: gone.size };
}
