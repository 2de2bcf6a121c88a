// n8n.mjs: a third fact source (issue 16): the credential types of n8n's
// node package `n8n-nodes-base` (dist/types/credentials.json). Many carry a
// declarative sign-in (`authenticate`: the header, query parameter or HTTP
// Basic a request gets) and a test request (`test.request`: the base URL and
// the path n8n calls to check a credential), which is exactly what an
// onramp entry needs.
//
// Licence: n8n's Sustainable Use License. As with Nango, we take facts only
// (host names, URL shapes, header and parameter names, test paths, the
// product's name) and copy no text: no descriptions, field titles, help or
// code. Each credential type becomes a provider in Nango's shape, so the
// generator's Nango path (generate.mjs, nangoRecord) maps it with the same
// rules and merges it with the other sources by product name and domain.
//
// Only simple declarative credentials are taken: one secret sent in one
// header, one query parameter or HTTP Basic; a base URL that is fixed or
// holds one user value; a GET test. Anything computed (expressions beyond
// "{{$credentials.x}}", request bodies, signed requests, OAuth) is left out.
import fs from 'node:fs';
import path from 'node:path';

const REF = /^\s*\$credentials\??\.([A-Za-z0-9_]+)\s*$/;

/** "=Bearer {{$credentials.apiKey}}" -> {prefix: 'Bearer ', key: 'apiKey', suffix: ''};
 *  a literal -> {literal}; anything computed -> null */
function expr(v) {
	if (typeof v !== 'string') return typeof v === 'boolean' || typeof v === 'number' ? { literal: String(v) } : null;
	if (!v.startsWith('=')) return /\{\{/.test(v) ? null : { literal: v };
	const s = v.slice(1);
	if (!/\{\{/.test(s)) return { literal: s };
	const m = /^([^{}]*)\{\{([^{}]*)\}\}([^{}]*)$/.exec(s);
	if (!m) return null;
	const r = REF.exec(m[2]);
	return r ? { prefix: m[1], key: r[1], suffix: m[3] } : null;
}

// n8n's node categories (codex) in the words of the generator's CATEGORY_MAP
const CATS = {
	Development: 'dev-tools', 'Developer Tools': 'dev-tools', Utility: 'dev-tools', 'Data & Storage': 'storage',
	Communication: 'communication', Marketing: 'marketing', Sales: 'crm', Productivity: 'productivity',
	'Finance & Accounting': 'accounting', Analytics: 'analytics', Miscellaneous: 'other',
};

/** n8n credential types with a simple declarative sign-in, as Nango-shaped
 *  providers keyed "n8n-NAME"; stats.n8n counts them, drop() says why others
 *  were left out */
export function n8nProviders(dir, drop) {
	const file = path.join(dir, 'dist/types/credentials.json');
	if (!fs.existsSync(file)) return {};
	const creds = JSON.parse(fs.readFileSync(file, 'utf8'));
	const nodes = JSON.parse(fs.readFileSync(path.join(dir, 'dist/types/nodes.json'), 'utf8'));
	const catsOf = new Map();
	for (const n of nodes)
		for (const c of n.credentials || [])
			catsOf.set(c.name, [...(catsOf.get(c.name) || []), ...((n.codex || {}).categories || [])]);
	const out = {};
	for (const c of creds) {
		const p = provider(c, catsOf.get(c.name) || []);
		if (typeof p === 'string') { drop('n8n: ' + p); continue; }
		out['n8n-' + c.name] = p;
	}
	return out;
}

function provider(c, nodeCats) {
	const t = c.test && c.test.request;
	if (!t) return 'no test request';
	if (c.extends && c.extends.length) return 'OAuth or an extended credential';
	if ((t.method || 'GET').toUpperCase() !== 'GET') return 'test request is not a GET';
	const a = c.authenticate && c.authenticate.type === 'generic' && c.authenticate.properties;
	if (!a) return 'sign-in computed in code';
	if (a.body) return 'credential in the request body';
	const props = new Map((c.properties || []).map((p) => [p.name, p]));
	const secret = (k) => !!(props.get(k) && props.get(k).typeOptions && props.get(k).typeOptions.password);
	const cc = {}, credentials = {};
	const cfg = (k) => { cc[k] = { type: 'string' }; return '${connectionConfig.' + k + '}'; };

	// the base URL and the test path
	let base = t.baseURL == null ? '' : t.baseURL, url = t.url == null ? '' : t.url;
	const bu = expr(base), uu = expr(url);
	if (!bu || !uu || uu.key) return 'computed test URL';
	url = uu.literal;
	if (bu.key) {
		if (secret(bu.key)) return 'secret in the URL';
		if (bu.prefix && bu.prefix !== 'https://') return 'computed base URL';
		base = bu.prefix + cfg(bu.key) + bu.suffix;
	} else base = bu.literal;
	if (!base && /^https:\/\//.test(url)) { const u = new URL(url); base = u.origin; url = u.pathname + u.search; }
	if (!/^(https:\/\/|\$\{connectionConfig\.)/.test(base)) return 'no https base URL';
	const full = base.replace(/\/+$/, '') + (url ? (url.startsWith('/') || url.startsWith('?') ? '' : '/') + url : '');

	// the sign-in: one secret in one header, one query parameter, or HTTP Basic
	let mode = null;
	const headers = {}, query = {};
	let secretKey = null;
	const put = (e, asSecret) => {
		if (e.literal != null) return e.literal;
		if (asSecret) { if (secretKey && secretKey !== e.key) return null; secretKey = e.key; return e.prefix + '${apiKey}' + e.suffix; }
		return e.prefix + cfg(e.key) + e.suffix;
	};
	for (const [h, v] of Object.entries(a.headers || {})) {
		const e = expr(v);
		if (!e || /[{}$]/.test(h)) return 'computed header';
		const val = put(e, e.key && (secret(e.key) || !secretKey && !Object.values(a.headers).some((x) => { const y = expr(x); return y && y.key && secret(y.key); })));
		if (val == null) return 'several secrets';
		headers[h] = val;
	}
	for (const [q, v] of Object.entries(a.qs || {})) {
		const e = expr(v);
		if (!e || !e.key || !secret(e.key) || e.prefix || e.suffix) return 'computed query parameter';
		if (put(e, true) == null) return 'several secrets';
		query[q] = '${apiKey}';
	}
	if (a.auth) {
		if (Object.keys(headers).some((h) => /\$\{apiKey\}/.test(headers[h])) || Object.keys(query).length) return 'several sign-ins';
		const u = expr(a.auth.username), pw = expr(a.auth.password);
		if (!u || !pw || (u.key && (u.prefix || u.suffix)) || (pw.key && (pw.prefix || pw.suffix))) return 'computed Basic credentials';
		credentials.username = u.key ? {} : { hidden: true, default_value: u.literal };
		credentials.password = pw.key ? { secret: true } : { hidden: true, default_value: pw.literal };
		mode = 'BASIC';
	} else if (secretKey) {
		mode = 'API_KEY';
		credentials.apiKey = { secret: true };
	} else return 'no secret sent';
	if (Object.values(headers).filter((v) => /\$\{apiKey\}/.test(v)).length + Object.keys(query).length > 1) return 'secret sent twice';

	const display = String(c.displayName || c.name).replace(/\s*\((?:[^)]*)\)\s*/g, ' ')
		.replace(/\s+(API|Api|Credentials?|Access Token|Token|Account|Key)(\s+(API|Auth))?\s*$/, '').trim();
	const cats = [...new Set(nodeCats.map((x) => CATS[String(x).trim()]).filter(Boolean))];
	return {
		display_name: display,
		auth_mode: mode,
		categories: cats,
		credentials,
		connection_config: cc,
		proxy: {
			base_url: base,
			headers,
			query,
			verification: { method: 'GET', endpoints: [full.slice(base.replace(/\/+$/, '').length) || '/'] },
		},
	};
}
