#!/usr/bin/python3
"""Re-derive python3-avro's verdict for every pair and check expected.txt.

    /usr/bin/python3 tests/compat/python_verdicts.py tests/cases/compat-corpus

For every pair directory (old.avsc, new.avsc, expected.txt):
  * both schemas must parse with python3-avro 1.11.1 (Debian);
  * backward = ReaderWriterCompatibilityChecker(reader=new, writer=old),
    forward  = ReaderWriterCompatibilityChecker(reader=old, writer=new);
  * expected.txt must equal those verdicts, unless it carries a
    "spec-override:" line, in which case it must DIFFER from python3-avro in
    at least one direction (otherwise the override is pointless);
  * as a second opinion, every pair is also checked against avrospec.py (an
    independent reading of the Avro 1.11 spec): expected.txt must agree with
    it on every pair, overrides included.

Prints a summary and exits 1 on any disagreement.
"""

import collections
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import json  # noqa: E402

import avro.schema  # noqa: E402
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType  # noqa: E402

import avrospec  # noqa: E402


def parse(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    with warnings.catch_warnings():
        # local-timestamp-* and duration are unknown to python3-avro 1.11.1
        warnings.simplefilter("ignore")
        return avro.schema.parse(text), json.loads(text)


def compatible(reader, writer):
    res = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
    return res.compatibility == SchemaCompatibilityType.compatible


def word(ok):
    return "compatible" if ok else "breaking"


def read_expected(path):
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    if len(lines) not in (2, 3):
        raise ValueError("expected.txt must have 2 or 3 lines")
    out = {}
    for key, line in zip(("backward", "forward"), lines[:2]):
        prefix = key + ": "
        if not line.startswith(prefix) or line[len(prefix):] not in ("compatible", "breaking"):
            raise ValueError("bad line %r" % line)
        out[key] = line[len(prefix):]
    override = None
    if len(lines) == 3:
        if not lines[2].startswith("spec-override: ") or len(lines[2]) <= len("spec-override: "):
            raise ValueError("bad third line %r" % lines[2])
        override = lines[2][len("spec-override: "):]
    return out, override


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    pairs_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "pairs")
    names = sorted(d for d in os.listdir(pairs_dir) if os.path.isdir(os.path.join(pairs_dir, d)))
    failures = []
    per_dir = {"backward": collections.Counter(), "forward": collections.Counter()}
    categories = collections.Counter()
    overrides = collections.defaultdict(list)
    spec_agree = 0

    for name in names:
        d = os.path.join(pairs_dir, name)
        try:
            old, old_json = parse(os.path.join(d, "old.avsc"))
            new, new_json = parse(os.path.join(d, "new.avsc"))
            expected, override = read_expected(os.path.join(d, "expected.txt"))
        except Exception as e:  # noqa: BLE001
            failures.append("%s: %s" % (name, e))
            continue
        categories[name.split("-")[1]] += 1
        py = {"backward": word(compatible(new, old)), "forward": word(compatible(old, new))}
        spec = {"backward": word(avrospec.spec_compatible(new_json, old_json)[0]),
                "forward": word(avrospec.spec_compatible(old_json, new_json)[0])}
        for k in ("backward", "forward"):
            per_dir[k][expected[k]] += 1
        if override is None:
            if expected != py:
                failures.append("%s: expected %s but python3-avro says %s" % (name, expected, py))
        else:
            tag = override.split(":", 1)[0]
            overrides[tag].append((name, py, expected))
            if expected == py:
                failures.append("%s: spec-override present but python3-avro agrees (%s)" % (name, py))
        if expected == spec:
            spec_agree += 1
        else:
            failures.append("%s: expected %s but avrospec.py says %s" % (name, expected, spec))

    print("pairs: %d" % len(names))
    for k in ("backward", "forward"):
        print("%-9s compatible %3d  breaking %3d" % (k + ":", per_dir[k]["compatible"], per_dir[k]["breaking"]))
    print("categories:")
    for cat, n in categories.items():  # order of first appearance
        print("  %-14s %3d" % (cat, n))
    total_ovr = sum(len(v) for v in overrides.values())
    print("spec-overrides: %d" % total_ovr)
    for tag, rows in sorted(overrides.items()):
        print("  %s: %d" % (tag, len(rows)))
        for name, py, exp in rows:
            diff = ", ".join("%s python=%s spec=%s" % (k, py[k], exp[k]) for k in ("backward", "forward") if py[k] != exp[k])
            print("    %s (%s)" % (name, diff))
    print("python3-avro agrees with expected.txt on %d/%d pairs (all others are spec-overrides)"
          % (len(names) - total_ovr, len(names)))
    print("avrospec.py agrees with expected.txt on %d/%d pairs" % (spec_agree, len(names)))
    if failures:
        print("FAILURES (%d):" % len(failures))
        for f in failures:
            print("  " + f)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
