#!/usr/bin/python3
"""Generate the Avro compatibility corpus for schemagate.

Run with Debian's python3-avro interpreter:

    /usr/bin/python3 tests/compat/generate.py tests/cases/compat-corpus

OUTDIR (the repository keeps it in tests/cases/compat-corpus); it is deleted and rewritten,
so the corpus is fully deterministic (same input -> byte-identical output).

Every pair is a schema evolution old -> new:

    pairs/<NNN>-<category>-<short-name>/old.avsc
    pairs/<NNN>-<category>-<short-name>/new.avsc
    pairs/<NNN>-<category>-<short-name>/expected.txt

expected.txt:
    backward: compatible|breaking      (reader = new, writer = old)
    forward: compatible|breaking       (reader = old, writer = new)
    [spec-override: <tag>: <reason>]   (only where python3-avro 1.11.1
                                        contradicts the Avro 1.11 spec)

Verdicts come from python3-avro's ReaderWriterCompatibilityChecker.  Every
pair is also evaluated by avrospec.py (an independent reading of the 1.11
specification).  The two must agree on every pair except the pairs that are
declared below with an override tag; for those the spec's answer is written.
Generation aborts on any undeclared disagreement, on a declared override that
python3-avro does not actually contradict, on an invalid schema (avrospec.py
validation, python3-avro parse, python3-avro warnings), and on duplicate or
no-op pairs.
"""

import json
import os
import shutil
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import avro.schema  # noqa: E402  (Debian python3-avro 1.11.1)
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType  # noqa: E402

import avrospec  # noqa: E402

OVERRIDE_REASONS = {
    "decimal": "decimal-precision-scale: Avro 1.11 spec matches two decimals only if precision and scale are equal;"
    " python3-avro ignores logical types",
    "dotted-name": "dotted-name: Avro 1.11 spec matches named types on the fullname/unqualified name;"
    " python3-avro 1.11.1 compares the raw 'name' attribute (AVRO-3622) and reports a false NAME_MISMATCH",
    "relative-alias": "relative-alias: Avro 1.11 spec qualifies a dotless alias with the type's namespace;"
    " python3-avro compares raw alias strings and reports a false NAME_MISMATCH",
}

NODEF = object()


# ------------------------------------------------------------------ builders


def R(name, fields, namespace=None, aliases=None, doc=None, **extra):
    d = {"type": "record", "name": name}
    if namespace is not None:
        d["namespace"] = namespace
    if aliases is not None:
        d["aliases"] = aliases
    if doc is not None:
        d["doc"] = doc
    d.update(extra)
    d["fields"] = fields
    return d


def F(name, type_, default=NODEF, aliases=None, doc=None, **extra):
    d = {"name": name, "type": type_}
    if aliases is not None:
        d["aliases"] = aliases
    if doc is not None:
        d["doc"] = doc
    if default is not NODEF:
        d["default"] = default
    d.update(extra)
    return d


def E(name, symbols, default=None, namespace=None, aliases=None, doc=None):
    d = {"type": "enum", "name": name}
    if namespace is not None:
        d["namespace"] = namespace
    if aliases is not None:
        d["aliases"] = aliases
    if doc is not None:
        d["doc"] = doc
    d["symbols"] = symbols
    if default is not None:
        d["default"] = default
    return d


def FX(name, size, namespace=None, aliases=None, **extra):
    d = {"type": "fixed", "name": name}
    if namespace is not None:
        d["namespace"] = namespace
    if aliases is not None:
        d["aliases"] = aliases
    d["size"] = size
    d.update(extra)
    return d


def A(items):
    return {"type": "array", "items": items}


def M(values):
    return {"type": "map", "values": values}


def DEC(precision, scale=None):
    d = {"type": "bytes", "logicalType": "decimal", "precision": precision}
    if scale is not None:
        d["scale"] = scale
    return d


def FDEC(name, size, precision, scale=None):
    d = {"type": "fixed", "name": name, "size": size, "logicalType": "decimal", "precision": precision}
    if scale is not None:
        d["scale"] = scale
    return d


def LT(base, logical):
    return {"type": base, "logicalType": logical}


def rec1(type_, name="Rec", extra_first=True, **fkw):
    """A record with an id field and a field v of the given type."""
    fields = [F("id", "long")] if extra_first else []
    fields.append(F("v", type_, **fkw))
    return R(name, fields)


PRIMS = ["null", "boolean", "int", "long", "float", "double", "bytes", "string"]
SAMPLE_DEFAULT = {
    "null": None,
    "boolean": True,
    "int": 7,
    "long": 7,
    "float": 1.5,
    "double": 2.5,
    "bytes": "\u00ff",
    "string": "x",
}

# ------------------------------------------------------------------ registry

PAIRS = []


def add(cat, short, old, new, override=None):
    assert "-" not in cat, cat
    assert override in (None,) + tuple(OVERRIDE_REASONS), override
    PAIRS.append((cat, short, old, new, override))


# ======================================================================
# 1. primitives: 8x8 as a record field type and as a top-level type
# ======================================================================

for a in PRIMS:
    for b in PRIMS:
        add("primfield", "%s-to-%s" % (a, b), rec1(a), rec1(b))
for a in PRIMS:
    for b in PRIMS:
        add("primtop", "%s-to-%s" % (a, b), a, b)

# ======================================================================
# 2. fields added (new side) without a default
# ======================================================================

BASE = [F("id", "long"), F("name", "string")]


def base_plus(*extra, first=False):
    return R("Rec", (list(extra) + BASE) if first else (BASE + list(extra)))


add("fieldadd", "int-no-default", base_plus(), base_plus(F("age", "int")))
add("fieldadd", "string-no-default", base_plus(), base_plus(F("email", "string")))
add("fieldadd", "boolean-no-default", base_plus(), base_plus(F("active", "boolean")))
add("fieldadd", "nullable-no-default", base_plus(), base_plus(F("email", ["null", "string"])))
add("fieldadd", "array-no-default", base_plus(), base_plus(F("tags", A("string"))))
add("fieldadd", "map-no-default", base_plus(), base_plus(F("attrs", M("string"))))
add("fieldadd", "enum-no-default", base_plus(), base_plus(F("color", E("Color", ["RED", "GREEN"]))))
add("fieldadd", "enum-with-enum-default-no-field-default", base_plus(),
    base_plus(F("color", E("Color", ["RED", "GREEN", "UNKNOWN"], default="UNKNOWN"))))
add("fieldadd", "record-no-default", base_plus(),
    base_plus(F("addr", R("Addr", [F("street", "string"), F("zip", "int")]))))
add("fieldadd", "fixed-no-default", base_plus(), base_plus(F("hash", FX("Md5", 16))))
add("fieldadd", "first-position-no-default", base_plus(), base_plus(F("version", "int"), first=True))
add("fieldadd", "two-one-with-default", base_plus(),
    base_plus(F("age", "int", 0), F("email", "string")))
add("fieldadd", "two-both-with-default", base_plus(),
    base_plus(F("age", "int", 0), F("email", ["null", "string"], None)))
add("fieldadd", "first-position-with-default", base_plus(), base_plus(F("version", "int", 1), first=True))
add("fieldadd", "to-empty-record", R("Rec", []), R("Rec", [F("a", "int")]))
add("fieldadd", "to-empty-record-with-default", R("Rec", []), R("Rec", [F("a", "int", 0)]))

# ======================================================================
# 3. fields removed (old side), with and without defaults
# ======================================================================

add("fieldremove", "int-no-default", base_plus(F("age", "int")), base_plus())
add("fieldremove", "int-with-default", base_plus(F("age", "int", 0)), base_plus())
add("fieldremove", "string-no-default", base_plus(F("email", "string")), base_plus())
add("fieldremove", "string-with-default", base_plus(F("email", "string", "")), base_plus())
add("fieldremove", "nullable-no-default", base_plus(F("email", ["null", "string"])), base_plus())
add("fieldremove", "nullable-null-default", base_plus(F("email", ["null", "string"], None)), base_plus())
add("fieldremove", "record-no-default",
    base_plus(F("addr", R("Addr", [F("street", "string")]))), base_plus())
add("fieldremove", "record-with-default",
    base_plus(F("addr", R("Addr", [F("street", "string")]), {"street": "?"})), base_plus())
add("fieldremove", "enum-no-default", base_plus(F("color", E("Color", ["RED", "GREEN"]))), base_plus())
add("fieldremove", "first-position-no-default", base_plus(F("version", "int"), first=True), base_plus())
add("fieldremove", "all-but-one", base_plus(F("age", "int", 0)), R("Rec", [F("id", "long")]))
add("fieldremove", "to-empty-record", R("Rec", [F("a", "int")]), R("Rec", []))

# ======================================================================
# 4. defaults of every kind
#    add-*: field added on the new side with that default (backward relies on it)
#    remove-*: field with that default removed on the new side (forward relies on it)
# ======================================================================

DEFAULT_KINDS = [
    ("null", "null", None),
    ("nullable-null", ["null", "string"], None),
    ("boolean-true", "boolean", True),
    ("boolean-false", "boolean", False),
    ("int-zero", "int", 0),
    ("int-negative", "int", -1),
    ("int-max", "int", 2147483647),
    ("long-big", "long", 1234567890123),
    ("long-min", "long", -9223372036854775808),
    ("float", "float", 1.5),
    ("float-integral-json", "float", 0),
    ("double", "double", -2.5e10),
    ("bytes", "bytes", "\u0000\u00ff"),
    ("bytes-empty", "bytes", ""),
    ("string", "string", "h\u00e9llo"),
    ("string-empty", "string", ""),
    ("enum", E("Color", ["RED", "GREEN", "BLUE"]), "GREEN"),
    ("fixed", FX("Tag4", 4), "\u0000\u0001\u00fe\u00ff"),
    ("array-empty", A("int"), []),
    ("array-values", A("int"), [1, 2, 3]),
    ("array-of-records", A(R("Item", [F("sku", "string"), F("qty", "int", 1)])), [{"sku": "a"}, {"sku": "b", "qty": 2}]),
    ("map-empty", M("long"), {}),
    ("map-values", M("long"), {"a": 1, "b": 2}),
    ("map-of-arrays", M(A("string")), {"k": ["x", "y"]}),
    ("record", R("Point", [F("x", "int"), F("y", "int")]), {"x": 1, "y": 2}),
    ("record-nested", R("Outer", [F("inner", R("Inner", [F("n", "string")])), F("k", "int", 0)]),
     {"inner": {"n": "z"}}),
    ("union-int-first", ["int", "null"], 5),
    ("union-string-first", ["string", "null"], "s"),
    ("union-record-first", [R("Box", [F("w", "int")]), "null"], {"w": 3}),
    ("union-array-first", [A("int"), "null"], [4]),
    ("decimal-bytes", DEC(9, 2), "\u0000"),
    ("date", LT("int", "date"), 19000),
    ("timestamp-millis", LT("long", "timestamp-millis"), 0),
    ("uuid", LT("string", "uuid"), "00000000-0000-0000-0000-000000000000"),
]

for kind, t, dv in DEFAULT_KINDS:
    add("default", "add-" + kind, base_plus(), base_plus(F("extra", t, dv)))

for kind, t, dv in DEFAULT_KINDS:
    if kind in ("null", "nullable-null", "int-zero", "string", "enum", "fixed", "array-values",
                "map-values", "record", "union-int-first", "decimal-bytes", "boolean-false"):
        add("default", "remove-" + kind, base_plus(F("extra", t, dv)), base_plus())

add("default", "value-changed", base_plus(F("age", "int", 0)), base_plus(F("age", "int", 18)))
add("default", "added-to-existing-field", base_plus(F("age", "int")), base_plus(F("age", "int", 0)))
add("default", "removed-from-existing-field", base_plus(F("age", "int", 0)), base_plus(F("age", "int")))
add("default", "union-default-switch-branch",
    base_plus(F("note", ["null", "string"], None)), base_plus(F("note", ["string", "null"], "n/a")))

# ======================================================================
# 5. nullable changes
# ======================================================================

NULLABLE_TYPES = [
    ("int", lambda: "int"),
    ("long", lambda: "long"),
    ("float", lambda: "float"),
    ("double", lambda: "double"),
    ("boolean", lambda: "boolean"),
    ("bytes", lambda: "bytes"),
    ("string", lambda: "string"),
    ("record", lambda: R("Addr", [F("street", "string")])),
    ("enum", lambda: E("Color", ["RED", "GREEN"])),
    ("fixed", lambda: FX("Md5", 16)),
    ("array", lambda: A("string")),
    ("map", lambda: M("int")),
]

for tn, mk in NULLABLE_TYPES:
    add("nullable", "%s-to-null-first" % tn, rec1(mk()), rec1(["null", mk()]))
for tn, mk in NULLABLE_TYPES:
    add("nullable", "null-first-to-%s" % tn, rec1(["null", mk()]), rec1(mk()))
for tn, mk in NULLABLE_TYPES[:7:3] + [NULLABLE_TYPES[7]]:
    add("nullable", "%s-to-null-last" % tn, rec1(mk()), rec1([mk(), "null"]))
    add("nullable", "null-last-to-%s" % tn, rec1([mk(), "null"]), rec1(mk()))

add("nullable", "null-first-to-null-last", rec1(["null", "string"]), rec1(["string", "null"]))
add("nullable", "null-last-to-null-first", rec1(["string", "null"]), rec1(["null", "string"]))
add("nullable", "null-first-with-default-to-without",
    rec1(["null", "string"], default=None), rec1(["null", "string"]))
add("nullable", "int-to-nullable-long", rec1("int"), rec1(["null", "long"]))
add("nullable", "nullable-int-to-nullable-long", rec1(["null", "int"]), rec1(["null", "long"]))
add("nullable", "nullable-long-to-nullable-int", rec1(["null", "long"]), rec1(["null", "int"]))
add("nullable", "nullable-string-to-nullable-bytes", rec1(["null", "string"]), rec1(["null", "bytes"]))
add("nullable", "nullable-long-to-int", rec1(["null", "long"]), rec1("int"))
add("nullable", "null-type-to-nullable-int", rec1("null"), rec1(["null", "int"]))
add("nullable", "nullable-int-to-null-type", rec1(["null", "int"]), rec1("null"))
add("nullable", "toplevel-string-to-nullable", "string", ["null", "string"])
add("nullable", "toplevel-nullable-to-string", ["null", "string"], "string")
add("nullable", "toplevel-record-to-nullable",
    R("Rec", [F("a", "int")]), ["null", R("Rec", [F("a", "int")])])
add("nullable", "nested-field-made-nullable",
    R("Rec", [F("inner", R("Inner", [F("a", "int"), F("b", "string")]))]),
    R("Rec", [F("inner", R("Inner", [F("a", "int"), F("b", ["null", "string"])]))]))

# ======================================================================
# 6. unions
# ======================================================================

add("union", "branch-added", rec1(["int", "string"]), rec1(["int", "string", "boolean"]))
add("union", "branch-removed", rec1(["int", "string", "boolean"]), rec1(["int", "string"]))
add("union", "branches-reordered", rec1(["int", "string", "boolean"]), rec1(["boolean", "string", "int"]))
add("union", "branch-promoted-int-to-long", rec1(["int", "string"]), rec1(["long", "string"]))
add("union", "branch-demoted-long-to-int", rec1(["long", "string"]), rec1(["int", "string"]))
add("union", "branches-all-promoted", rec1(["int", "string"]), rec1(["double", "bytes"]))
add("union", "branch-replaced", rec1(["int", "string"]), rec1(["int", "boolean"]))
add("union", "nonunion-to-union", rec1("int"), rec1(["int", "string"]))
add("union", "union-to-nonunion", rec1(["int", "string"]), rec1("int"))
add("union", "nonunion-to-union-with-promotion", rec1("int"), rec1(["null", "long", "string"]))
add("union", "union-to-nonunion-with-promotion", rec1(["int", "long"]), rec1("double"))
add("union", "nonunion-to-unrelated-union", rec1("string"), rec1(["null", "int"]))
add("union", "nullable-int-to-long", rec1(["int", "null"]), rec1("long"))
add("union", "toplevel-branch-added", ["null", "int"], ["null", "int", "string"])
add("union", "toplevel-branch-removed", ["null", "int", "string"], ["null", "int"])


def RA(extra=None):
    return R("A", [F("a", "int")] + (extra or []))


def RB(extra=None, name="B", aliases=None):
    return R(name, [F("b", "string")] + (extra or []), aliases=aliases)


def RC():
    return R("C", [F("c", "double")])


add("union", "records-branch-added", rec1([RA(), RB()]), rec1([RA(), RB(), RC()]))
add("union", "records-branch-removed", rec1([RA(), RB(), RC()]), rec1([RA(), RB()]))
add("union", "records-reordered", rec1([RA(), RB()]), rec1([RB(), RA()]))
add("union", "records-member-field-added-with-default",
    rec1([RA(), RB()]), rec1([RA(), RB([F("n", "int", 0)])]))
add("union", "records-member-field-added-no-default",
    rec1([RA(), RB()]), rec1([RA(), RB([F("n", "int")])]))
add("union", "records-member-field-promoted",
    rec1(["null", RA()]), rec1(["null", R("A", [F("a", "long")])]))
add("union", "records-member-renamed-with-alias",
    rec1([RA(), RB()]), rec1([RA(), RB(name="B2", aliases=["B"])]))
add("union", "records-member-renamed-no-alias",
    rec1([RA(), RB()]), rec1([RA(), RB(name="B2")]))
add("union", "toplevel-record-to-union-of-records", RA(), [RA(), RB()])
add("union", "toplevel-union-of-records-to-record", [RA(), RB()], RA())
add("union", "enum-branch-symbol-added",
    rec1(["null", E("Color", ["RED", "GREEN"])]), rec1(["null", E("Color", ["RED", "GREEN", "BLUE"])]))
add("union", "array-branch-items-promoted", rec1(["null", A("int")]), rec1(["null", A("long")]))
add("union", "map-branch-values-demoted", rec1(["null", M("double")]), rec1(["null", M("float")]))
add("union", "array-and-map-branches-swapped-roles",
    rec1(["null", A("int")]), rec1(["null", M("int")]))
add("union", "fixed-branch-unchanged", rec1(["null", FX("Md5", 16)]), rec1(["null", FX("Md5", 16)]))
add("union", "fixed-branch-size-changed", rec1(["null", FX("Md5", 16)]), rec1(["null", FX("Md5", 20)]))
add("union", "mixed-union-branch-added",
    rec1(["null", "string", E("Kind", ["X", "Y"])]),
    rec1(["null", "string", E("Kind", ["X", "Y"]), R("Payload", [F("p", "bytes")])]))

# ======================================================================
# 7. enums
# ======================================================================

ABC = ["A", "B", "C"]
ABCD = ["A", "B", "C", "D"]


def erec(symbols, default=None, name="Status", aliases=None, doc=None):
    return rec1(E(name, symbols, default=default, aliases=aliases, doc=doc))


add("enum", "symbol-added", erec(ABC), erec(ABCD))
add("enum", "symbol-added-old-has-default", erec(ABC, "A"), erec(ABCD, "A"))
add("enum", "symbol-added-new-has-default", erec(ABC), erec(ABCD, "A"))
add("enum", "symbol-removed", erec(ABCD), erec(ABC))
add("enum", "symbol-removed-new-has-default", erec(ABCD), erec(ABC, "A"))
add("enum", "symbol-removed-old-has-default", erec(ABCD, "A"), erec(ABC))
add("enum", "symbol-removed-both-have-default", erec(ABCD, "A"), erec(ABC, "A"))
add("enum", "symbols-reordered", erec(ABCD), erec(["D", "C", "B", "A"]))
add("enum", "symbol-renamed", erec(ABC), erec(["A", "B", "X"]))
add("enum", "symbol-renamed-both-have-default", erec(ABC, "A"), erec(["A", "B", "X"], "A"))
add("enum", "default-added", erec(ABC), erec(ABC, "C"))
add("enum", "default-removed", erec(ABC, "C"), erec(ABC))
add("enum", "default-changed", erec(ABC, "A"), erec(ABC, "C"))
add("enum", "type-renamed", erec(ABC), erec(ABC, name="State"))
add("enum", "type-renamed-with-alias", erec(ABC), erec(ABC, name="State", aliases=["Status"]))
add("enum", "doc-added", erec(ABC), erec(ABC, doc="Lifecycle state"))
add("enum", "toplevel-symbol-added", E("Status", ABC), E("Status", ABCD))
add("enum", "toplevel-symbol-removed", E("Status", ABCD), E("Status", ABC))
add("enum", "to-string", erec(ABC), rec1("string"))
add("enum", "from-string", rec1("string"), erec(ABC))
add("enum", "in-array-symbol-removed", rec1(A(E("Status", ABCD))), rec1(A(E("Status", ABC))))
add("enum", "in-map-symbol-added", rec1(M(E("Status", ABC))), rec1(M(E("Status", ABCD))))
add("enum", "symbol-added-with-field-default",
    rec1(E("Status", ABC), default="A"), rec1(E("Status", ABCD), default="A"))
add("enum", "all-symbols-replaced-with-defaults", erec(ABC, "A"), erec(["A", "X", "Y"], "A"))

# ======================================================================
# 8. fixed
# ======================================================================

add("fixed", "unchanged", rec1(FX("Hash", 16)), rec1(FX("Hash", 16)))
add("fixed", "size-grown", rec1(FX("Hash", 16)), rec1(FX("Hash", 32)))
add("fixed", "size-shrunk", rec1(FX("Hash", 32)), rec1(FX("Hash", 16)))
add("fixed", "renamed", rec1(FX("Hash", 16)), rec1(FX("Digest", 16)))
add("fixed", "renamed-with-alias", rec1(FX("Hash", 16)), rec1(FX("Digest", 16, aliases=["Hash"])))
add("fixed", "renamed-with-alias-and-size-change", rec1(FX("Hash", 16)), rec1(FX("Digest", 20, aliases=["Hash"])))
add("fixed", "aliases-on-both-sides",
    rec1(FX("Hash", 16, aliases=["Digest"])), rec1(FX("Digest", 16, aliases=["Hash"])))
add("fixed", "to-bytes", rec1(FX("Hash", 16)), rec1("bytes"))
add("fixed", "from-bytes", rec1("bytes"), rec1(FX("Hash", 16)))
add("fixed", "to-string", rec1(FX("Hash", 16)), rec1("string"))
add("fixed", "toplevel-size-changed", FX("Hash", 16), FX("Hash", 8))
add("fixed", "toplevel-unchanged", FX("Hash", 16), FX("Hash", 16))
add("fixed", "in-array-renamed-with-alias", rec1(A(FX("Hash", 4))), rec1(A(FX("Digest", 4, aliases=["Hash"]))))
add("fixed", "in-map-size-changed", rec1(M(FX("Hash", 4))), rec1(M(FX("Hash", 5))))

# ======================================================================
# 9. record renames (non-dotted names, no namespaces)
# ======================================================================

UF = [F("id", "long"), F("name", "string")]
add("recrename", "toplevel-no-alias", R("User", UF), R("Person", UF))
add("recrename", "toplevel-alias-on-new", R("User", UF), R("Person", UF, aliases=["User"]))
add("recrename", "toplevel-alias-on-old", R("User", UF, aliases=["Person"]), R("Person", UF))
add("recrename", "toplevel-aliases-both-sides",
    R("User", UF, aliases=["Person"]), R("Person", UF, aliases=["User"]))
add("recrename", "toplevel-multiple-aliases-on-new",
    R("User", UF), R("Person", UF, aliases=["Account", "User", "Member"]))
add("recrename", "toplevel-unrelated-alias", R("User", UF), R("Person", UF, aliases=["Member"]))
add("recrename", "alias-and-field-added-with-default",
    R("User", UF), R("Person", UF + [F("age", "int", 0)], aliases=["User"]))
add("recrename", "alias-and-field-added-no-default",
    R("User", UF), R("Person", UF + [F("age", "int")], aliases=["User"]))
add("recrename", "alias-and-field-removed",
    R("User", UF + [F("age", "int")]), R("Person", UF, aliases=["User"]))
add("recrename", "nested-no-alias",
    R("Order", [F("buyer", R("User", UF))]), R("Order", [F("buyer", R("Person", UF))]))
add("recrename", "nested-alias-on-new",
    R("Order", [F("buyer", R("User", UF))]), R("Order", [F("buyer", R("Person", UF, aliases=["User"]))]))
add("recrename", "in-array-alias-on-new",
    R("Team", [F("members", A(R("User", UF)))]),
    R("Team", [F("members", A(R("Person", UF, aliases=["User"])))]))
add("recrename", "in-union-alias-on-new",
    R("Order", [F("buyer", ["null", R("User", UF)], None)]),
    R("Order", [F("buyer", ["null", R("Person", UF, aliases=["User"])], None)]))
add("recrename", "two-step-alias-chain-not-followed",
    R("User", UF), R("Customer", UF, aliases=["Person"]))

# ======================================================================
# 10. field renames with aliases on the new side
# ======================================================================


def fr(*fields):
    return R("Rec", list(fields))


add("fieldrename", "with-alias", fr(F("id", "long"), F("mail", "string")),
    fr(F("id", "long"), F("email", "string", aliases=["mail"])))
add("fieldrename", "with-alias-old-has-default", fr(F("id", "long"), F("mail", "string", "")),
    fr(F("id", "long"), F("email", "string", aliases=["mail"])))
add("fieldrename", "with-alias-both-have-default", fr(F("id", "long"), F("mail", "string", "")),
    fr(F("id", "long"), F("email", "string", "", aliases=["mail"])))
add("fieldrename", "no-alias", fr(F("id", "long"), F("mail", "string")),
    fr(F("id", "long"), F("email", "string")))
add("fieldrename", "no-alias-new-has-default", fr(F("id", "long"), F("mail", "string")),
    fr(F("id", "long"), F("email", "string", "")))
add("fieldrename", "with-alias-and-promotion", fr(F("id", "long"), F("count", "int")),
    fr(F("id", "long"), F("total", "long", aliases=["count"])))
add("fieldrename", "with-alias-and-narrowing", fr(F("id", "long"), F("count", "long")),
    fr(F("id", "long"), F("total", "int", aliases=["count"])))
add("fieldrename", "with-multiple-aliases", fr(F("id", "long"), F("mail", "string")),
    fr(F("id", "long"), F("email", "string", aliases=["e_mail", "mail"])))
add("fieldrename", "with-alias-and-reorder", fr(F("id", "long"), F("mail", "string"), F("age", "int")),
    fr(F("email", "string", aliases=["mail"]), F("age", "int"), F("id", "long")))
add("fieldrename", "record-typed-field-with-alias",
    fr(F("home", R("Addr", [F("street", "string")]))),
    fr(F("address", R("Addr", [F("street", "string")]), aliases=["home"])))
add("fieldrename", "nested-record-field-with-alias",
    fr(F("addr", R("Addr", [F("zipcode", "string")]))),
    fr(F("addr", R("Addr", [F("postal_code", "string", aliases=["zipcode"])]))))
add("fieldrename", "in-array-items-with-alias",
    fr(F("items", A(R("Item", [F("qty", "int")])))),
    fr(F("items", A(R("Item", [F("quantity", "int", aliases=["qty"])])))))
add("fieldrename", "alias-unused-same-name", fr(F("id", "long"), F("mail", "string")),
    fr(F("id", "long"), F("mail", "string", aliases=["email"])))
add("fieldrename", "with-alias-wrong-name", fr(F("id", "long"), F("mail", "string")),
    fr(F("id", "long"), F("email", "string", aliases=["mailaddr"])))

# ======================================================================
# 11. arrays and maps
# ======================================================================

ITEM_CHANGES = [
    ("int", "long"), ("long", "int"), ("int", "float"), ("int", "double"), ("long", "double"),
    ("float", "double"), ("double", "float"), ("string", "bytes"), ("bytes", "string"),
    ("int", "string"), ("boolean", "int"), ("string", "string"),
]
for a, b in ITEM_CHANGES:
    add("array", "items-%s-to-%s" % (a, b), rec1(A(a)), rec1(A(b)))
add("array", "items-record-field-added-with-default",
    rec1(A(R("Item", [F("sku", "string")]))), rec1(A(R("Item", [F("sku", "string"), F("qty", "int", 1)]))))
add("array", "items-record-field-added-no-default",
    rec1(A(R("Item", [F("sku", "string")]))), rec1(A(R("Item", [F("sku", "string"), F("qty", "int")]))))
add("array", "items-made-nullable", rec1(A("int")), rec1(A(["null", "int"])))
add("array", "items-nullable-removed", rec1(A(["null", "int"])), rec1(A("int")))
add("array", "to-map", rec1(A("int")), rec1(M("int")))
add("array", "to-items-type", rec1(A("int")), rec1("int"))
add("array", "from-items-type", rec1("int"), rec1(A("int")))
add("array", "nested-items-promoted", rec1(A(A("int"))), rec1(A(A("long"))))
add("array", "toplevel-items-promoted", A("float"), A("double"))
add("array", "toplevel-items-demoted", A("double"), A("float"))

for a, b in ITEM_CHANGES[:1] + ITEM_CHANGES[1:2] + [("float", "double"), ("bytes", "string"), ("int", "string"),
                                                    ("long", "long")]:
    add("map", "values-%s-to-%s" % (a, b), rec1(M(a)), rec1(M(b)))
add("map", "values-record-field-added-with-default",
    rec1(M(R("Val", [F("v", "int")]))), rec1(M(R("Val", [F("v", "int"), F("w", "string", "")]))))
add("map", "values-record-field-removed-no-default",
    rec1(M(R("Val", [F("v", "int"), F("w", "string")]))), rec1(M(R("Val", [F("v", "int")]))))
add("map", "values-made-nullable", rec1(M("string")), rec1(M(["null", "string"])))
add("map", "to-array", rec1(M("int")), rec1(A("int")))
add("map", "to-values-type", rec1(M("int")), rec1("int"))
add("map", "of-arrays-items-promoted", rec1(M(A("int"))), rec1(M(A("long"))))
add("map", "of-maps-values-demoted", rec1(M(M("long"))), rec1(M(M("int"))))
add("map", "toplevel-values-promoted", M("int"), M("long"))
add("map", "toplevel-values-string-to-bytes", M("string"), M("bytes"))

# ======================================================================
# 12. nested records, 3+ levels, change at the bottom
# ======================================================================


def nest3(bottom_fields, bottom_name="L3"):
    return R("L1", [F("id", "long"),
                    F("l2", R("L2", [F("tag", "string"),
                                     F("l3", R(bottom_name, bottom_fields))]))])


def nest3_aliased(bottom_fields, bottom_name, aliases):
    return R("L1", [F("id", "long"),
                    F("l2", R("L2", [F("tag", "string"),
                                     F("l3", R(bottom_name, bottom_fields, aliases=aliases))]))])


def nest5(leaf_type):
    return R("L1", [F("l2", R("L2", [F("l3", R("L3", [F("l4", R("L4", [F("l5", R("L5", [
        F("leaf", leaf_type)]))]))]))]))])


def nest_mixed(leaf_fields):
    # record -> array -> record -> map -> record (leaf)
    return R("L1", [F("rows", A(R("L2", [F("cells", M(R("L3", leaf_fields)))])))])


add("nested", "3-unchanged", nest3([F("v", "int")]), nest3([F("v", "int")]))
add("nested", "3-bottom-int-to-long", nest3([F("v", "int")]), nest3([F("v", "long")]))
add("nested", "3-bottom-long-to-int", nest3([F("v", "long")]), nest3([F("v", "int")]))
add("nested", "3-bottom-field-added-no-default",
    nest3([F("v", "int")]), nest3([F("v", "int"), F("w", "string")]))
add("nested", "3-bottom-field-added-with-default",
    nest3([F("v", "int")]), nest3([F("v", "int"), F("w", "string", "")]))
add("nested", "3-bottom-field-removed-no-default",
    nest3([F("v", "int"), F("w", "string")]), nest3([F("v", "int")]))
add("nested", "3-bottom-enum-symbol-added",
    nest3([F("s", E("S", ["X", "Y"]))]), nest3([F("s", E("S", ["X", "Y", "Z"]))]))
add("nested", "3-bottom-fixed-size-changed",
    nest3([F("h", FX("H", 8))]), nest3([F("h", FX("H", 16))]))
add("nested", "3-bottom-made-nullable",
    nest3([F("v", "string")]), nest3([F("v", ["null", "string"])]))
add("nested", "3-bottom-record-renamed-no-alias",
    nest3([F("v", "int")]), nest3([F("v", "int")], bottom_name="Leaf"))
add("nested", "3-bottom-record-renamed-with-alias",
    nest3([F("v", "int")]), nest3_aliased([F("v", "int")], "Leaf", ["L3"]))
add("nested", "3-bottom-field-renamed-with-alias",
    nest3([F("v", "int")]), nest3([F("value", "int", aliases=["v"])]))
add("nested", "5-leaf-float-to-double", nest5("float"), nest5("double"))
add("nested", "5-leaf-double-to-float", nest5("double"), nest5("float"))
add("nested", "5-leaf-string-to-bytes", nest5("string"), nest5("bytes"))
add("nested", "mixed-leaf-field-added-with-default",
    nest_mixed([F("v", "int")]), nest_mixed([F("v", "int"), F("note", ["null", "string"], None)]))
add("nested", "mixed-leaf-field-added-no-default",
    nest_mixed([F("v", "int")]), nest_mixed([F("v", "int"), F("note", ["null", "string"])]))
add("nested", "mixed-leaf-int-to-string",
    nest_mixed([F("v", "int")]), nest_mixed([F("v", "string")]))

# ======================================================================
# 13. decimals (bytes and fixed); spec: decimals match only if precision
#     and scale match. python3-avro ignores logical types.
# ======================================================================

add("decimal", "bytes-unchanged", rec1(DEC(10, 2)), rec1(DEC(10, 2)))
add("decimal", "bytes-precision-grown", rec1(DEC(10, 2)), rec1(DEC(12, 2)), override="decimal")
add("decimal", "bytes-precision-shrunk", rec1(DEC(12, 2)), rec1(DEC(10, 2)), override="decimal")
add("decimal", "bytes-scale-grown", rec1(DEC(10, 2)), rec1(DEC(10, 3)), override="decimal")
add("decimal", "bytes-scale-shrunk", rec1(DEC(10, 3)), rec1(DEC(10, 2)), override="decimal")
add("decimal", "bytes-precision-and-scale-grown", rec1(DEC(10, 2)), rec1(DEC(12, 4)), override="decimal")
add("decimal", "bytes-scale-omitted-vs-zero", rec1(DEC(10)), rec1(DEC(10, 0)))
add("decimal", "bytes-scale-omitted-vs-two", rec1(DEC(10)), rec1(DEC(10, 2)), override="decimal")
add("decimal", "fixed-unchanged", rec1(FDEC("Money", 16, 20, 4)), rec1(FDEC("Money", 16, 20, 4)))
add("decimal", "fixed-precision-grown-same-size",
    rec1(FDEC("Money", 16, 20, 4)), rec1(FDEC("Money", 16, 22, 4)), override="decimal")
add("decimal", "fixed-scale-changed-same-size",
    rec1(FDEC("Money", 16, 20, 4)), rec1(FDEC("Money", 16, 20, 6)), override="decimal")
add("decimal", "fixed-size-grown-same-precision",
    rec1(FDEC("Money", 8, 18, 4)), rec1(FDEC("Money", 16, 18, 4)))
add("decimal", "bytes-to-fixed-same-precision-scale",
    rec1(DEC(10, 2)), rec1(FDEC("Money", 8, 10, 2)))
add("decimal", "fixed-to-bytes-same-precision-scale",
    rec1(FDEC("Money", 8, 10, 2)), rec1(DEC(10, 2)))
add("decimal", "in-nullable-union-precision-grown",
    rec1(["null", DEC(10, 2)]), rec1(["null", DEC(12, 2)]), override="decimal")
add("decimal", "in-nullable-union-unchanged",
    rec1(["null", DEC(10, 2)]), rec1(["null", DEC(10, 2)]))
add("decimal", "nonunion-to-nullable-scale-changed",
    rec1(DEC(10, 2)), rec1(["null", DEC(10, 3)]), override="decimal")
add("decimal", "in-array-precision-grown", rec1(A(DEC(10, 2))), rec1(A(DEC(11, 2))), override="decimal")
add("decimal", "in-map-scale-changed", rec1(M(DEC(10, 2))), rec1(M(DEC(10, 1))), override="decimal")
add("decimal", "nested-3-scale-changed",
    nest3([F("amount", DEC(10, 2))]), nest3([F("amount", DEC(10, 4))]), override="decimal")
add("decimal", "changed-plus-field-added-with-default",
    R("Rec", [F("amount", DEC(10, 2))]),
    R("Rec", [F("amount", DEC(14, 2)), F("currency", "string", "EUR")]), override="decimal")
add("decimal", "toplevel-bytes-precision-grown", DEC(10, 2), DEC(12, 2), override="decimal")
add("decimal", "toplevel-fixed-scale-changed",
    FDEC("Money", 8, 10, 2), FDEC("Money", 8, 10, 3), override="decimal")
add("decimal", "field-default-kept-precision-changed",
    base_plus(F("amount", DEC(9, 2), "\u0000")), base_plus(F("amount", DEC(11, 2), "\u0000")), override="decimal")

# ======================================================================
# 14. logical types unchanged on both sides
# ======================================================================

LOGICALS = [
    ("date", LT("int", "date")),
    ("time-millis", LT("int", "time-millis")),
    ("time-micros", LT("long", "time-micros")),
    ("timestamp-millis", LT("long", "timestamp-millis")),
    ("timestamp-micros", LT("long", "timestamp-micros")),
    ("local-timestamp-millis", LT("long", "local-timestamp-millis")),
    ("local-timestamp-micros", LT("long", "local-timestamp-micros")),
    ("uuid", LT("string", "uuid")),
    ("duration", {"type": "fixed", "name": "Dur", "size": 12, "logicalType": "duration"}),
]
for ln, t in LOGICALS:
    add("logical", "%s-unchanged" % ln, rec1(t), rec1(t))
add("logical", "all-unchanged-plus-field-added-with-default",
    R("Rec", [F(ln.replace("-", "_"), t) for ln, t in LOGICALS]),
    R("Rec", [F(ln.replace("-", "_"), t) for ln, t in LOGICALS] + [F("note", "string", "")]))
add("logical", "toplevel-timestamp-millis-unchanged", LT("long", "timestamp-millis"), LT("long", "timestamp-millis"))
add("logical", "date-in-nullable-union-unchanged",
    rec1(["null", LT("int", "date")], default=None), rec1(["null", LT("int", "date")], default=None))

# Logical-type changes other than decimal: the spec only says decimals must
# agree; everything else resolves on the underlying type, as both checkers do.
add("logicalchange", "timestamp-millis-to-micros",
    rec1(LT("long", "timestamp-millis")), rec1(LT("long", "timestamp-micros")))
add("logicalchange", "date-to-timestamp-millis", rec1(LT("int", "date")), rec1(LT("long", "timestamp-millis")))
add("logicalchange", "date-to-int", rec1(LT("int", "date")), rec1("int"))
add("logicalchange", "long-to-timestamp-micros", rec1("long"), rec1(LT("long", "timestamp-micros")))
add("logicalchange", "time-millis-to-time-micros", rec1(LT("int", "time-millis")), rec1(LT("long", "time-micros")))

# ======================================================================
# 15. named type references reused in several fields
# ======================================================================


def reuse_enum(symbols, default=None):
    return R("Rec", [F("a", E("Status", symbols, default=default)), F("b", "Status"),
                     F("c", A("Status")), F("d", ["null", "Status"], None)])


def reuse_record(addr_fields, name="Addr", aliases=None):
    return R("Person", [F("home", R(name, addr_fields, aliases=aliases)), F("work", name),
                        F("previous", A(name)), F("mailing", ["null", name], None)])


add("namedref", "enum-unchanged", reuse_enum(ABC), reuse_enum(ABC))
add("namedref", "enum-symbol-added", reuse_enum(ABC), reuse_enum(ABCD))
add("namedref", "enum-symbol-removed", reuse_enum(ABCD), reuse_enum(ABC))
add("namedref", "enum-symbol-removed-new-default", reuse_enum(ABCD), reuse_enum(ABC, "A"))
add("namedref", "record-field-added-with-default",
    reuse_record([F("street", "string")]), reuse_record([F("street", "string"), F("zip", "string", "")]))
add("namedref", "record-field-added-no-default",
    reuse_record([F("street", "string")]), reuse_record([F("street", "string"), F("zip", "string")]))
add("namedref", "record-field-promoted",
    reuse_record([F("number", "int")]), reuse_record([F("number", "long")]))
add("namedref", "record-renamed-with-alias",
    reuse_record([F("street", "string")]), reuse_record([F("street", "string")], name="Address", aliases=["Addr"]))
add("namedref", "fixed-size-changed",
    R("Rec", [F("h1", FX("Hash", 16)), F("h2", "Hash"), F("hs", M("Hash"))]),
    R("Rec", [F("h1", FX("Hash", 32)), F("h2", "Hash"), F("hs", M("Hash"))]))
add("namedref", "definition-moved-to-other-field",
    R("Rec", [F("a", E("Status", ABC)), F("b", "Status")]),
    R("Rec", [F("b", E("Status", ABC)), F("a", "Status")]))
add("namedref", "reference-replaced-by-other-type",
    R("Rec", [F("a", E("Status", ABC)), F("b", "Status")]),
    R("Rec", [F("a", E("Status", ABC)), F("b", "string")]))
add("namedref", "nested-definition-reused-at-top",
    R("Rec", [F("inner", R("Inner", [F("s", E("Status", ABC))])), F("top", "Status")]),
    R("Rec", [F("inner", R("Inner", [F("s", E("Status", ABCD))])), F("top", "Status")]))

# ======================================================================
# 16. names and namespaces (python3-avro 1.11.1 bugs: dotted names compared
#     raw -- AVRO-3622 --, relative aliases not qualified)
# ======================================================================

NF = [F("id", "long")]
add("nsbug", "dotted-to-namespace-attr", R("com.x.Rec", NF), R("Rec", NF, namespace="com.x"), override="dotted-name")
add("nsbug", "namespace-attr-to-dotted", R("Rec", NF, namespace="com.x"), R("com.x.Rec", NF), override="dotted-name")
add("nsbug", "dotted-namespace-changed", R("a.Rec", NF), R("b.Rec", NF), override="dotted-name")
add("nsbug", "dotted-to-no-namespace", R("com.x.Rec", NF), R("Rec", NF), override="dotted-name")
add("nsbug", "dotted-unchanged", R("com.x.Rec", NF), R("com.x.Rec", NF))
add("nsbug", "namespace-attr-changed", R("Rec", NF, namespace="a"), R("Rec", NF, namespace="b"))
add("nsbug", "namespace-attr-removed", R("Rec", NF, namespace="com.x"), R("Rec", NF))
add("nsbug", "namespace-attr-added", R("Rec", NF), R("Rec", NF, namespace="com.x"))
add("nsbug", "dotted-and-promotion",
    R("com.x.Rec", [F("v", "int")]), R("Rec", [F("v", "long")], namespace="com.x"), override="dotted-name")
add("nsbug", "dotted-renamed-no-alias", R("com.x.Rec", NF), R("com.x.Other", NF))
add("nsbug", "enum-dotted-vs-inherited-namespace",
    R("Rec", [F("s", E("com.x.Status", ABC))], namespace="com.x"),
    R("Rec", [F("s", E("Status", ABC))], namespace="com.x"), override="dotted-name")
add("nsbug", "fixed-dotted-vs-namespace-attr",
    R("Rec", [F("h", FX("com.x.Hash", 16))]),
    R("Rec", [F("h", FX("Hash", 16, namespace="com.x"))]), override="dotted-name")
add("nsbug", "nested-record-dotted-vs-inherited",
    R("Rec", [F("inner", R("com.x.Inner", [F("v", "int")]))], namespace="com.x"),
    R("Rec", [F("inner", R("Inner", [F("v", "int")]))], namespace="com.x"), override="dotted-name")
add("nsbug", "nested-record-namespace-changed-non-dotted",
    R("Rec", [F("inner", R("Inner", [F("v", "int")], namespace="a"))]),
    R("Rec", [F("inner", R("Inner", [F("v", "int")], namespace="b"))]))
add("nsbug", "relative-alias-record",
    R("Old", NF, namespace="com.x"), R("New", NF, namespace="com.x", aliases=["Old"]), override="relative-alias")
add("nsbug", "qualified-alias-record",
    R("Old", NF, namespace="com.x"), R("New", NF, namespace="com.x", aliases=["com.x.Old"]))
add("nsbug", "qualified-alias-other-namespace",
    R("a.Old", NF), R("b.New", NF, aliases=["a.Old"]))
add("nsbug", "relative-alias-dotted-reader-name",
    R("com.x.Old", NF), R("com.x.New", NF, aliases=["Old"]), override="relative-alias")
add("nsbug", "relative-alias-enum",
    R("Rec", [F("s", E("Status", ABC))], namespace="com.x"),
    R("Rec", [F("s", E("State", ABC, aliases=["Status"]))], namespace="com.x"), override="relative-alias")
add("nsbug", "relative-alias-fixed",
    R("Rec", [F("h", FX("Hash", 16))], namespace="com.x"),
    R("Rec", [F("h", FX("Digest", 16, aliases=["Hash"]))], namespace="com.x"), override="relative-alias")
add("nsbug", "relative-alias-nested-record",
    R("Rec", [F("inner", R("Inner", [F("v", "int")]))], namespace="com.x"),
    R("Rec", [F("inner", R("Core", [F("v", "int")], aliases=["Inner"]))], namespace="com.x"),
    override="relative-alias")
add("nsbug", "relative-alias-plus-field-added-with-default",
    R("Old", NF, namespace="com.x"),
    R("New", NF + [F("n", "int", 0)], namespace="com.x", aliases=["Old"]), override="relative-alias")
add("nsbug", "namespaced-rename-no-alias",
    R("Old", NF, namespace="com.x"), R("New", NF, namespace="com.x"))
add("nsbug", "namespaced-field-rename-with-alias",
    R("Rec", [F("mail", "string")], namespace="com.x"),
    R("Rec", [F("email", "string", aliases=["mail"])], namespace="com.x"))

# ======================================================================
# 17. miscellaneous no-op / cosmetic changes
# ======================================================================

add("misc", "identical", base_plus(F("age", "int")), base_plus(F("age", "int")))
add("misc", "fields-reordered", R("Rec", [F("a", "int"), F("b", "string"), F("c", "double")]),
    R("Rec", [F("c", "double"), F("a", "int"), F("b", "string")]))
add("misc", "doc-added", base_plus(), R("Rec", [F("id", "long", doc="primary key"), F("name", "string")],
                                       doc="A record"))
add("misc", "order-attribute-changed", R("Rec", [F("id", "long", order="ascending")]),
    R("Rec", [F("id", "long", order="descending")]))
add("misc", "custom-property-added", base_plus(), R("Rec", BASE, **{"x-owner": "team-a"}))
add("misc", "primitive-object-form", rec1("int"), rec1({"type": "int"}))
add("misc", "toplevel-primitive-object-form-promotion", {"type": "int"}, {"type": "long"})
add("misc", "field-aliases-unchanged", R("Rec", [F("email", "string", aliases=["mail"])]),
    R("Rec", [F("email", "string", aliases=["mail"])]))
add("misc", "toplevel-array-unchanged", A("string"), A("string"))
add("misc", "toplevel-record-to-primitive", R("Rec", [F("a", "int")]), "int")
add("misc", "toplevel-primitive-to-record", "int", R("Rec", [F("a", "int")]))
add("misc", "field-type-record-to-enum", rec1(R("X", [F("a", "int")])), rec1(E("X", ["A"])))


# ------------------------------------------------------------------ oracles


# python3-avro 1.11.1 does not implement the local-timestamp-* and duration logical types
# (in the spec); it warns and falls back to the underlying long / fixed,
# which is what the spec asks of readers for unknown logical types.
TOLERATED_WARNINGS = ("Unknown local-timestamp-millis", "Unknown local-timestamp-micros", "Unknown duration")


def parse_py(text):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        schema = avro.schema.parse(text)
    for w in caught:
        if not any(t in str(w.message) for t in TOLERATED_WARNINGS):
            raise ValueError("python3-avro warning: %s" % w.message)
    return schema


def py_ok(reader, writer):
    res = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
    return res.compatibility == SchemaCompatibilityType.compatible


def verdict(ok):
    return "compatible" if ok else "breaking"


def dump(obj):
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "pairs")
    names = set()
    seen_pairs = {}
    rows = []
    for i, (cat, short, old, new, override) in enumerate(PAIRS, 1):
        name = "%03d-%s-%s" % (i, cat, short)
        assert name not in names, name
        names.add(name)
        key = (json.dumps(old, sort_keys=True), json.dumps(new, sort_keys=True))
        if key in seen_pairs:
            raise SystemExit("duplicate pair: %s and %s" % (seen_pairs[key], name))
        seen_pairs[key] = name
        old_text, new_text = dump(old), dump(new)
        for side, sj, st in (("old", old, old_text), ("new", new, new_text)):
            try:
                avrospec.validate(sj)
            except avrospec.InvalidSchema as e:
                raise SystemExit("%s: %s.avsc invalid per spec: %s" % (name, side, e))
            try:
                parse_py(st)
            except Exception as e:  # noqa: BLE001
                raise SystemExit("%s: %s.avsc rejected by python3-avro: %r" % (name, side, e))
        po, pn = parse_py(old_text), parse_py(new_text)
        py = {"backward": py_ok(pn, po), "forward": py_ok(po, pn)}
        try:
            spec = {"backward": avrospec.spec_compatible(new, old)[0],
                    "forward": avrospec.spec_compatible(old, new)[0]}
        except avrospec.AmbiguousCase as e:
            raise SystemExit("%s: ambiguous per spec: %s" % (name, e))
        differs = py != spec
        if differs and not override:
            raise SystemExit("%s: python3-avro %s vs spec %s and no override declared" % (name, py, spec))
        if override and not differs:
            raise SystemExit("%s: override %s declared but python3-avro agrees with spec %s" % (name, override, spec))
        final = spec if override else py
        rows.append((name, old_text, new_text, final, override))

    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    for name, old_text, new_text, final, override in rows:
        d = os.path.join(out, name)
        os.makedirs(d)
        with open(os.path.join(d, "old.avsc"), "w", encoding="utf-8") as fh:
            fh.write(old_text)
        with open(os.path.join(d, "new.avsc"), "w", encoding="utf-8") as fh:
            fh.write(new_text)
        lines = ["backward: " + verdict(final["backward"]), "forward: " + verdict(final["forward"])]
        if override:
            lines.append("spec-override: " + OVERRIDE_REASONS[override])
        with open(os.path.join(d, "expected.txt"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    print("wrote %d pairs to %s" % (len(rows), out))


if __name__ == "__main__":
    main()
