#!/usr/bin/python3
"""check.py: validates a catalog file against core/catalog/CATALOG.md.

    /usr/bin/python3 tools/catalog/check.py [core/catalog/generated.json ...]

Checks: the document shape, unique ids, known categories and auth methods,
the keys each auth method needs, field shapes, that every {placeholder}
names a field, and that every URL template is an absolute http(s) URL once
its placeholders are filled. Prints counts by category, by auth method and
by verification depth. Exits 1 on any error. Standard library only.
"""
import json
import os
import re
import sys
import urllib.parse
from collections import Counter

CATEGORIES = ["ERP", "Accounting", "CMMS/EAM", "WMS", "MES", "Procurement", "HR", "CRM",
              "E-commerce", "Payments", "Marketing", "Support", "Collaboration", "Developer",
              "Analytics", "Other"]


def read_methods():
    """The auth methods from core/auth/methods.h, the one list of them:
    {implemented name: [auth keys it needs]} and the set of names that
    may appear only in entries marked "available": false."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core", "auth", "methods.h")
    implemented, not_yet = {}, set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r'AUTH_METHOD\((\w+), \w+, "([^"]*)", ', line)
            if m:
                implemented[m.group(1)] = m.group(2).split()
            m = re.match(r"AUTH_UNAVAILABLE\((\w+), ", line)
            if m:
                not_yet.add(m.group(1))
    if not implemented:
        sys.exit(f"check.py: no AUTH_METHOD rows in {path}")
    return implemented, not_yet


IMPLEMENTED, NOT_YET = read_methods()


def body_ok(body):
    """auth.body: member names that are plain words, mapped to string templates"""
    return isinstance(body, dict) and all(re.match(r"^[A-Za-z0-9_]+$", k) and isinstance(v, str)
                                          for k, v in body.items())


def json_login_errors(auth, err):
    """A json_login sign-in (core/auth/json_login.c): a body of string
    templates or the user in HTTP Basic, a dotted token path, a header
    name and a plain-text prefix."""
    body = auth.get("body", {})
    if not body_ok(body):
        err("json_login body is not an object of string templates")
        body = {}
    if not body and auth.get("client_auth") != "basic":
        err("json_login sends neither a body nor HTTP Basic")
    if auth.get("client_auth") == "basic" and not (auth.get("user") and auth.get("password")):
        err("json_login in HTTP Basic lacks user or password")
    if not re.match(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$", auth.get("token_path", "")):
        err(f"json_login token_path {auth.get('token_path')!r} is not a dotted path")
    if not re.match(r"^[A-Za-z0-9-]*$", auth.get("name", "")):
        err(f"json_login header name {auth.get('name')!r}")
    if not re.match(r"^[ -~]*$", auth.get("prefix", "")):
        err("json_login prefix is not plain text")

ID_RE = re.compile(r"^[a-z0-9-]+$")
KEY_RE = re.compile(r"^[a-z_]+$")
PH_RE = re.compile(r"\{([^{}]*)\}")
KINDS = {"url", "text", "number", "email"}
SAMPLE = {"url": "https://example.com", "number": "1", "email": "user@example.com"}


def placeholders(tpl):
    return PH_RE.findall(tpl or "")


def fill(tpl, kinds):
    return PH_RE.sub(lambda m: SAMPLE.get(kinds.get(m.group(1), "text"), "sample"), tpl)


def url_ok(tpl, kinds):
    """True when the template is an absolute http(s) URL after substitution."""
    try:
        u = urllib.parse.urlsplit(fill(tpl, kinds))
        port = u.port  # raises ValueError on a bad port
        return u.scheme in ("http", "https") and bool(u.hostname) and (port is None or port > 0)
    except ValueError:
        return False


def check_system(s, errs):
    sid = s.get("id", "?")

    def err(msg):
        errs.append(f"{sid}: {msg}")

    for k in ("id", "name", "vendor", "category", "needs", "where", "base_url"):
        if not isinstance(s.get(k), str) or not s.get(k).strip():
            err(f"missing or empty {k}")
    if not ID_RE.match(str(s.get("id", ""))):
        err("id does not match [a-z0-9-]+")
    if s.get("category") not in CATEGORIES:
        err(f"unknown category {s.get('category')!r}")
    if s.get("tier") not in (1, 2, 4):
        err(f"tier {s.get('tier')!r} is not 1, 2 or 4")
    if not isinstance(s.get("core"), bool):
        err("core is not a bool")
    if not isinstance(s.get("aliases"), list) or not all(isinstance(a, str) and a for a in s.get("aliases", [])):
        err("aliases is not a list of strings")
    if "popular" in s and (not isinstance(s["popular"], int) or s["popular"] < 1):
        err("popular is not a positive int")
    if "available" in s and not isinstance(s["available"], bool):
        err("available is not a bool")
    if "guide" in s and not (isinstance(s["guide"], list) and all(isinstance(g, str) for g in s["guide"])):
        err("guide is not a list of strings")

    fields = s.get("fields")
    if not isinstance(fields, list):
        err("fields is not a list")
        fields = []
    kinds = {}
    for f in fields:
        k = f.get("key", "")
        if not KEY_RE.match(k):
            err(f"field key {k!r} does not match [a-z_]+")
        if k in kinds:
            err(f"duplicate field {k}")
        if f.get("kind") not in KINDS:
            err(f"field {k}: unknown kind {f.get('kind')!r}")
        for b in ("required", "secret"):
            if not isinstance(f.get(b), bool):
                err(f"field {k}: {b} is not a bool")
        for t in ("label", "help"):
            if not isinstance(f.get(t), str) or not f.get(t):
                err(f"field {k}: missing {t}")
        kinds[k] = f.get("kind")

    auth = s.get("auth") or {}
    method = auth.get("method")
    available = s.get("available", True)
    if method in IMPLEMENTED and available is False:
        pass  # listed so people find it; its sign-in details are not complete
    elif method in IMPLEMENTED:
        for k in IMPLEMENTED[method]:
            if not isinstance(auth.get(k), str):
                err(f"auth {method} lacks {k}")
        if method == "oauth2_cc" and not isinstance(auth.get("scope", ""), str):
            err("auth oauth2_cc scope is not a string")
        for k in ("token_url", "authorize_url"):
            if (method.startswith("oauth2") or method == "json_login") and k in IMPLEMENTED[method] and \
                    not url_ok(auth.get(k, ""), kinds):
                err(f"{k} does not parse: {auth.get(k)!r}")
        if method == "json_login":
            json_login_errors(auth, err)
        elif method in ("oauth2_password", "oauth2_cc") and not body_ok(auth.get("body", {})):
            err(f"{method} body (the token request's own members) is not an object of string templates")
    elif method in NOT_YET:
        if available is not False:
            err(f"auth method {method} is not implemented but the entry is available")
    else:
        err(f"unknown auth method {method!r}")

    probe = s.get("probe") or {}
    if not isinstance(probe.get("url"), str):
        err("probe has no url")
    if probe.get("method", "GET") not in ("GET", "POST"):
        err(f"probe method {probe.get('method')!r}")
    if probe.get("verifies") not in ("credentials", "server"):
        err(f"probe verifies {probe.get('verifies')!r}")
    headers = probe.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        err("probe headers is not an object of strings")
        headers = {}

    for name, tpl in (("base_url", s.get("base_url", "")), ("probe.url", probe.get("url", ""))):
        if not url_ok(tpl, kinds):
            err(f"{name} does not parse as an http(s) URL: {tpl!r}")
    body = auth.get("body") if isinstance(auth.get("body"), dict) else {}
    templates = [s.get("base_url", ""), probe.get("url", "")] + list(headers.values()) + [
        v for k, v in auth.items() if k != "method" and isinstance(v, str)] + [
        v for v in body.values() if isinstance(v, str)]
    for tpl in templates:
        for ph in placeholders(tpl):
            if ph not in kinds:
                err(f"placeholder {{{ph}}} is not a field")
    return method, probe.get("verifies"), available is not False


HERE = os.path.dirname(os.path.abspath(__file__))
# hosts fixed to a vendor's demo, test or sandbox server, or a stranger's instance
DEMO_HOST_RE = re.compile(r"^(demo|sandbox|test|staging)[.-]|\.(demo|sandbox|test|staging)\.|^api\.(test|demo)\.|"
                          r"^(pads\.mro\.name|mastodon\.social|presentation\.s\.xtrf\.eu)$")
# API hosts that serve many products (one sign-in, many services)
MULTI_PRODUCT_HOSTS = {"rds.{region}.amazonaws.com", "graph.microsoft.com", "management.azure.com",
                       "www.googleapis.com", "graph.facebook.com"}


def norm(s):
    return re.sub(r"[^a-z0-9]", "", str(s or "").lower().replace("&", "and"))


def host_of(url):
    m = re.match(r"^[a-z]+://([^/:?#]+)", url or "", re.I)
    return m.group(1).lower() if m else ""


def honesty(systems, errs):
    """The issue-16 rules: one entry per product (no shared host, no shared
    vendor and name), no folded, dropped or demo-fixed entry, no alias that
    is another product's name."""
    with open(os.path.join(HERE, "curation.json"), encoding="utf-8") as fh:
        cur = json.load(fh)
    out = {i: "folded into " + t for i, t in cur["fold"].items()}
    for why, lst in cur["drop"].items():
        out.update({i: why for i in lst})
    names, hosts = {}, {}
    for s in systems:
        sid = s.get("id")
        if sid in out:
            errs.append(f"{sid}: is back, but curation.json says: {out[sid]}")
        key = norm(s.get("vendor")) + "/" + norm(s.get("name"))
        if names.setdefault(key, sid) != sid:
            errs.append(f"{sid}: same vendor and name as {names[key]}")
        h = host_of(s.get("base_url"))
        if DEMO_HOST_RE.search(h):
            errs.append(f"{sid}: base URL is a demo or sandbox host ({h})")
        if h and not re.search(r"\{[^.]*$", h) and h not in MULTI_PRODUCT_HOSTS:
            if hosts.setdefault(h, sid) != sid:
                errs.append(f"{sid}: same API host as {hosts[h]} ({h}); fold one into the other")
    # a cloud platform is one product (issue 16): its services are aliases
    sprawl = {
        "AWS (signed with SigV4)": [s for s in systems if (s.get("auth") or {}).get("method") == "aws_sigv4"],
        "Azure Resource Manager": [s for s in systems if host_of(s.get("base_url")) == "management.azure.com"],
        "named Google Cloud ...": [s for s in systems if str(s.get("name", "")).startswith("Google Cloud")],
    }
    for what, lst in sprawl.items():
        if len(lst) > 1:
            errs.append(f"{len(lst)} entries are {what}: fold them into one product ({', '.join(x.get('id') for x in lst[:5])} ...)")
    owner = {}
    for s in systems:
        owner.setdefault(norm(s.get("name")), s.get("id"))
    for s in systems:
        for a in s.get("aliases") or []:
            o = owner.get(norm(a))
            if o and o != s.get("id"):
                errs.append(f"{s.get('id')}: alias {a!r} is the name of {o}")


def main(paths):
    errs = []
    ids = Counter()
    by_cat = Counter()
    by_method = Counter()
    by_verifies = Counter()
    unavailable = 0
    total = 0
    all_systems = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as fh:
                doc = json.load(fh)
        except (OSError, ValueError) as e:
            print(f"{path}: {e}", file=sys.stderr)
            return 1
        if doc.get("version") != 1 or not isinstance(doc.get("systems"), list):
            errs.append(f"{path}: not a version 1 catalog")
            continue
        for s in doc["systems"]:
            all_systems.append(s)
            total += 1
            ids[s.get("id")] += 1
            method, verifies, available = check_system(s, errs)
            if available:
                by_cat[s.get("category")] += 1
                by_method[method] += 1
                by_verifies[verifies] += 1
            else:
                unavailable += 1
    everything = list(all_systems)
    repo_curated = os.path.join(HERE, "..", "..", "core", "catalog", "curated.json")
    if not any(os.path.basename(x) == "curated.json" for x in paths):
        with open(repo_curated, encoding="utf-8") as fh:
            everything += json.load(fh)["systems"]
    honesty(everything, errs)
    for i, n in ids.items():
        if n > 1:
            errs.append(f"{i}: id used {n} times")

    # curated entries win over generated ones with the same id; say so when it happens
    for path in paths:
        cur = os.path.join(os.path.dirname(path) or ".", "curated.json")
        if os.path.basename(path) == "generated.json" and os.path.exists(cur) and cur not in paths:
            try:
                with open(cur, encoding="utf-8") as fh:
                    shadowed = sorted(set(s.get("id") for s in json.load(fh).get("systems", [])) & set(ids))
            except (OSError, ValueError):
                shadowed = []
            if shadowed:
                print(f"warning: {len(shadowed)} generated id(s) also in {cur} (the curated entry wins): "
                      + ", ".join(shadowed[:20]), file=sys.stderr)

    usable = total - unavailable
    print(f"systems: {total} ({usable} usable, {unavailable} listed as not available yet)")
    print("usable by category:")
    for c in CATEGORIES:
        if by_cat[c]:
            print(f"  {c:<14} {by_cat[c]:>5}")
    print("usable by auth method:  " + ", ".join(f"{m} {n}" for m, n in sorted(by_method.items())))
    print(f"usable by verification: credentials verified {by_verifies['credentials']}, "
          f"server and auth challenge only {by_verifies['server']}")
    if errs:
        for e in errs[:200]:
            print("error: " + e, file=sys.stderr)
        print(f"{len(errs)} error(s)", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["core/catalog/generated.json"]))
