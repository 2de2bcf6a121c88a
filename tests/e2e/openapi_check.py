#!/usr/bin/python3
"""openapi_check.py SPEC METHOD PATH STATUS FILE: FILE (a JSON answer)
validates against the schema docs/openapi.json gives for that route and
status. Prints what differs and exits 1. Python's standard library has no
JSON Schema validator, so this is one for the subset the document uses:
$ref, type (one or a list), enum, pattern, required, properties,
additionalProperties false, items."""
import json, re, sys

spec = json.load(open(sys.argv[1]))
method, path, status = sys.argv[2].lower(), sys.argv[3], sys.argv[4]
doc = json.load(open(sys.argv[5]))
TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def ref(s):
    while "$ref" in s:
        node = spec
        for part in s["$ref"][2:].split("/"):
            node = node[part]
        s = node
    return s


def ok_type(v, t):
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    return isinstance(v, TYPES[t])


def check(v, s, where, errs):
    s = ref(s)
    types = s.get("type")
    if types and not any(ok_type(v, t) for t in ([types] if isinstance(types, str) else types)):
        errs.append("%s: %r is not %s" % (where, v, types))
        return
    if "enum" in s and v not in s["enum"]:
        errs.append("%s: %r not in %s" % (where, v, s["enum"]))
    if isinstance(v, str) and "pattern" in s and not re.search(s["pattern"], v):
        errs.append("%s: %r does not match %s" % (where, v, s["pattern"]))
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                errs.append("%s: %s missing" % (where, k))
        props = s.get("properties", {})
        for k, x in v.items():
            if k in props:
                check(x, props[k], where + "." + k, errs)
            elif s.get("additionalProperties") is False:
                errs.append("%s: %s not in the document" % (where, k))
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v):
            check(x, s["items"], "%s[%d]" % (where, i), errs)


resp = ref(spec["paths"][path][method]["responses"][status])
errs = []
check(doc, resp["content"]["application/json"]["schema"], "$", errs)
for e in errs[:20]:
    print(e)
sys.exit(1 if errs else 0)
