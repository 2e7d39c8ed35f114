"""Independent reading of the Avro 1.11 specification, used to validate and
cross-check the compatibility corpus.

Two things live here:

* ``validate(schema_json)``: rejects schemas that are not valid per the Avro
  1.11 specification (names, duplicate definitions, references, recursion,
  defaults -- union defaults must match the FIRST branch --, enum defaults,
  logical type parameters).
* ``spec_compatible(reader_json, writer_json)``: a static "can every datum the
  writer may produce be resolved by the reader" answer following the
  "Schema Resolution" section of the 1.11 specification, including the
  decimal rule ("two schemas that are decimal logical types match if their
  scales and precisions match"), unqualified name matching for named types,
  and aliases qualified relative to the namespace of the type they belong to.

Written from the specification text for this corpus; it is not derived from
any Avro implementation.  Like the Java/Python checkers it is static: a writer
enum symbol missing from the reader (without reader enum default) and a
writer union branch the reader cannot read are errors even if never written.

Runs with Debian's /usr/bin/python3 (no third-party imports).
"""

import math
import re

PRIMITIVES = ("null", "boolean", "int", "long", "float", "double", "bytes", "string")
NAMED = ("record", "enum", "fixed")
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# writer type -> reader types it may be promoted to (spec, "Schema Resolution")
PROMOTIONS = {
    "int": ("long", "float", "double"),
    "long": ("float", "double"),
    "float": ("double",),
    "string": ("bytes",),
    "bytes": ("string",),
}

LOGICAL_UNDERLYING = {
    "date": ("int",),
    "time-millis": ("int",),
    "time-micros": ("long",),
    "timestamp-millis": ("long",),
    "timestamp-micros": ("long",),
    "local-timestamp-millis": ("long",),
    "local-timestamp-micros": ("long",),
    "uuid": ("string",),
    "duration": ("fixed",),
    "decimal": ("bytes", "fixed"),
}


class InvalidSchema(Exception):
    pass


class AmbiguousCase(Exception):
    """Raised when the specification gives no clear answer (e.g. a decimal
    compared with a plain bytes schema). The corpus must avoid those."""


class Node:
    """Normalised schema node."""

    def __init__(self, kind):
        self.kind = kind          # primitive name, record, enum, fixed, array, map, union
        self.fullname = None
        self.short = None
        self.namespace = None
        self.aliases = []         # fully qualified
        self.fields = []          # list of FieldNode
        self.symbols = []
        self.enum_default = None
        self.size = None
        self.items = None
        self.values = None
        self.branches = []
        self.logical = None
        self.precision = None
        self.scale = None

    def is_decimal(self):
        return self.logical == "decimal"

    def describe(self):
        if self.kind in NAMED:
            return "%s %s" % (self.kind, self.fullname)
        return self.kind


class FieldNode:
    def __init__(self, name, aliases, node, has_default, default):
        self.name = name
        self.aliases = aliases
        self.node = node
        self.has_default = has_default
        self.default = default


def _check_name(name, what):
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise InvalidSchema("invalid %s %r" % (what, name))


def _check_fullname(name, what):
    if not isinstance(name, str) or not name:
        raise InvalidSchema("invalid %s %r" % (what, name))
    for part in name.split("."):
        _check_name(part, what + " component")


def _qualify(name, namespace):
    if "." in name:
        return name
    if namespace:
        return namespace + "." + name
    return name


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _check_default(node, value, where):
    """Validate a JSON default value against a normalised node (spec table in
    the "Complex Types / Records" section; unions use their first branch)."""
    k = node.kind
    if k == "null":
        ok = value is None
    elif k == "boolean":
        ok = isinstance(value, bool)
    elif k == "int":
        ok = _is_int(value) and -2 ** 31 <= value < 2 ** 31
    elif k == "long":
        ok = _is_int(value) and -2 ** 63 <= value < 2 ** 63
    elif k in ("float", "double"):
        ok = (_is_int(value) or isinstance(value, float)) and not isinstance(value, bool)
    elif k in ("bytes", "string"):
        ok = isinstance(value, str)
        if ok and k == "bytes":
            ok = all(ord(c) < 256 for c in value)
    elif k == "fixed":
        ok = isinstance(value, str) and len(value) == node.size and all(ord(c) < 256 for c in value)
    elif k == "enum":
        ok = isinstance(value, str) and value in node.symbols
    elif k == "array":
        ok = isinstance(value, list)
        if ok:
            for i, v in enumerate(value):
                _check_default(node.items, v, "%s[%d]" % (where, i))
    elif k == "map":
        ok = isinstance(value, dict)
        if ok:
            for key, v in value.items():
                _check_default(node.values, v, "%s[%r]" % (where, key))
    elif k == "record":
        ok = isinstance(value, dict)
        if ok:
            names = {f.name for f in node.fields}
            for key in value:
                if key not in names:
                    raise InvalidSchema("%s: default has unknown field %r" % (where, key))
            for f in node.fields:
                if f.name in value:
                    _check_default(f.node, value[f.name], where + "." + f.name)
                elif not f.has_default:
                    raise InvalidSchema("%s: default lacks field %r" % (where, f.name))
    elif k == "union":
        _check_default(node.branches[0], value, where + "<first branch>")
        ok = True
    else:
        raise AssertionError(k)
    if not ok:
        raise InvalidSchema("%s: default %r does not match %s" % (where, value, node.describe()))


class _Parser:
    def __init__(self):
        self.names = {}        # fullname -> Node
        self.in_progress = set()

    def parse(self, js, namespace):
        if isinstance(js, str):
            if js in PRIMITIVES:
                return Node(js)
            full = _qualify(js, namespace)
            if full not in self.names:
                raise InvalidSchema("unknown type reference %r (as %s)" % (js, full))
            if full in self.in_progress:
                raise InvalidSchema("recursive reference to %s (the corpus forbids recursion)" % full)
            return self.names[full]
        if isinstance(js, list):
            node = Node("union")
            if not js:
                raise InvalidSchema("empty union")
            seen = set()
            for b in js:
                if isinstance(b, list):
                    raise InvalidSchema("union directly inside union")
                bn = self.parse(b, namespace)
                if bn.kind == "union":
                    raise InvalidSchema("union directly inside union")
                key = bn.fullname if bn.kind in NAMED else bn.kind
                if key in seen:
                    raise InvalidSchema("duplicate union branch %s" % key)
                seen.add(key)
                node.branches.append(bn)
            return node
        if not isinstance(js, dict):
            raise InvalidSchema("schema must be string, list or object: %r" % (js,))
        t = js.get("type")
        if isinstance(t, (dict, list)):
            raise InvalidSchema("nested schema object in 'type' outside a field")
        if t in PRIMITIVES:
            node = Node(t)
            self._logical(node, js)
            return node
        if t in NAMED:
            return self._named(js, t, namespace)
        if t == "array":
            if "items" not in js:
                raise InvalidSchema("array without items")
            node = Node("array")
            node.items = self.parse(js["items"], namespace)
            return node
        if t == "map":
            if "values" not in js:
                raise InvalidSchema("map without values")
            node = Node("map")
            node.values = self.parse(js["values"], namespace)
            return node
        if isinstance(t, str):
            # {"type": "SomeName"} -- a reference written as an object
            return self.parse(t, namespace)
        raise InvalidSchema("bad type %r" % (t,))

    def _logical(self, node, js):
        lt = js.get("logicalType")
        if lt is None:
            return
        if lt not in LOGICAL_UNDERLYING:
            raise InvalidSchema("unknown logicalType %r (would be ignored; keep corpus unambiguous)" % lt)
        if node.kind not in LOGICAL_UNDERLYING[lt]:
            raise InvalidSchema("logicalType %s on %s" % (lt, node.kind))
        if lt == "duration" and node.size != 12:
            raise InvalidSchema("duration must be fixed(12)")
        if lt == "decimal":
            p = js.get("precision")
            s = js.get("scale", 0)
            if not _is_int(p) or p <= 0:
                raise InvalidSchema("decimal precision %r" % (p,))
            if not _is_int(s) or s < 0 or s > p:
                raise InvalidSchema("decimal scale %r" % (s,))
            if node.kind == "fixed":
                maxp = math.floor(math.log10(2 ** (8 * node.size - 1) - 1))
                if p > maxp:
                    raise InvalidSchema("decimal precision %d too large for fixed(%d)" % (p, node.size))
            node.precision, node.scale = p, s
        node.logical = lt

    def _named(self, js, t, namespace):
        name = js.get("name")
        _check_fullname(name, "name")
        if "." in name:
            full = name
            ns = name.rsplit(".", 1)[0]
        else:
            ns = js.get("namespace", namespace)
            if ns is None:
                ns = ""
            if not isinstance(ns, str):
                raise InvalidSchema("namespace must be a string")
            if ns:
                _check_fullname(ns, "namespace")
            full = _qualify(name, ns)
        if full in PRIMITIVES:
            raise InvalidSchema("reserved name %s" % full)
        if full in self.names:
            raise InvalidSchema("redefinition of %s" % full)
        node = Node(t)
        node.fullname = full
        node.short = full.rsplit(".", 1)[-1]
        node.namespace = ns
        aliases = js.get("aliases", [])
        if not isinstance(aliases, list):
            raise InvalidSchema("aliases must be a list")
        for a in aliases:
            _check_fullname(a, "alias")
            node.aliases.append(_qualify(a, ns))
        if t == "record":
            fields = js.get("fields")
            if not isinstance(fields, list):
                raise InvalidSchema("record %s without fields list" % full)
            self.in_progress.add(full)
            self.names[full] = node
            seen = set()
            for fj in fields:
                fname = fj.get("name")
                _check_name(fname, "field name")
                if fname in seen:
                    raise InvalidSchema("duplicate field %s in %s" % (fname, full))
                seen.add(fname)
                if "type" not in fj:
                    raise InvalidSchema("field %s without type" % fname)
                fnode = self.parse(fj["type"], ns)
                faliases = fj.get("aliases", [])
                for a in faliases:
                    _check_name(a, "field alias")
                if fj.get("order", "ascending") not in ("ascending", "descending", "ignore"):
                    raise InvalidSchema("bad order")
                has_default = "default" in fj
                if has_default:
                    _check_default(fnode, fj["default"], "%s.%s" % (full, fname))
                node.fields.append(FieldNode(fname, list(faliases), fnode, has_default, fj.get("default")))
            self.in_progress.discard(full)
        elif t == "enum":
            syms = js.get("symbols")
            if not isinstance(syms, list) or not syms:
                raise InvalidSchema("enum %s without symbols" % full)
            for s in syms:
                _check_name(s, "enum symbol")
            if len(set(syms)) != len(syms):
                raise InvalidSchema("duplicate enum symbol in %s" % full)
            node.symbols = list(syms)
            if "default" in js:
                if js["default"] not in syms:
                    raise InvalidSchema("enum default %r not a symbol" % js["default"])
                node.enum_default = js["default"]
            self.names[full] = node
        else:
            size = js.get("size")
            if not _is_int(size) or size <= 0:
                raise InvalidSchema("fixed %s size %r" % (full, size))
            node.size = size
            self.names[full] = node
            self._logical(node, js)
        return node


def parse(schema_json):
    """Validate and normalise. Raises InvalidSchema."""
    return _Parser().parse(schema_json, "")


def validate(schema_json):
    parse(schema_json)


# ---------------------------------------------------------------- resolution


def _names_match(r, w):
    """Named types match when their unqualified names are equal, or when one of
    the reader's aliases (qualified relative to the reader's namespace) equals
    the writer's fullname."""
    return r.short == w.short or w.fullname in r.aliases


def _shallow_match(r, w):
    """The spec's "match" predicate for two non-union schemas."""
    rd, wd = r.is_decimal(), w.is_decimal()
    if rd != wd and (r.kind in ("bytes", "fixed") or w.kind in ("bytes", "fixed")):
        if r.kind == w.kind or (r.kind, w.kind) in (("bytes", "string"), ("string", "bytes")):
            raise AmbiguousCase("decimal compared with plain %s" % (w.kind if rd else r.kind))
    if r.kind in PRIMITIVES and w.kind in PRIMITIVES:
        if r.kind == w.kind:
            if rd and wd:
                return r.precision == w.precision and r.scale == w.scale
            return True
        return r.kind in PROMOTIONS.get(w.kind, ())
    if r.kind != w.kind:
        return False
    if r.kind in ("array", "map"):
        return True
    if r.kind == "fixed":
        if not (_names_match(r, w) and r.size == w.size):
            return False
        if rd and wd:
            return r.precision == w.precision and r.scale == w.scale
        return True
    if r.kind in ("record", "enum"):
        return _names_match(r, w)
    raise AssertionError(r.kind)


def _resolve(r, w, path, errors):
    """Append error strings to errors; return True if compatible."""
    if w.kind == "union":
        ok = True
        for i, b in enumerate(w.branches):
            if not _resolve(r, b, "%s/<w%d>" % (path, i), errors):
                ok = False
        return ok
    if r.kind == "union":
        for b in r.branches:
            if _shallow_match(b, w):
                # "the first schema in the reader's union that matches the
                # selected writer's union schema is recursively resolved"
                return _resolve(b, w, path + "/<r:" + b.describe() + ">", errors)
        errors.append("%s: no reader union branch matches writer %s" % (path or "/", w.describe()))
        return False
    if not _shallow_match(r, w):
        errors.append("%s: reader %s does not match writer %s" % (path or "/", r.describe(), w.describe()))
        return False
    if r.kind == "array":
        return _resolve(r.items, w.items, path + "/items", errors)
    if r.kind == "map":
        return _resolve(r.values, w.values, path + "/values", errors)
    if r.kind == "enum":
        missing = [s for s in w.symbols if s not in r.symbols]
        if missing and r.enum_default is None:
            errors.append("%s: writer symbols %s missing in reader enum" % (path or "/", missing))
            return False
        return True
    if r.kind == "record":
        ok = True
        wfields = {f.name: f for f in w.fields}
        for rf in r.fields:
            wf = wfields.get(rf.name)
            if wf is None:
                for a in rf.aliases:
                    if a in wfields:
                        wf = wfields[a]
                        break
            if wf is None:
                if not rf.has_default:
                    errors.append("%s/%s: reader field without default absent from writer" % (path, rf.name))
                    ok = False
                continue
            if not _resolve(rf.node, wf.node, path + "/" + rf.name, errors):
                ok = False
        return ok
    return True


def spec_compatible(reader_json, writer_json):
    """Return (bool, [error strings])."""
    errors = []
    ok = _resolve(parse(reader_json), parse(writer_json), "", errors)
    return ok, errors
