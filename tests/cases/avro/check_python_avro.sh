#!/usr/bin/env bash
# Cross-checks the Avro cases against Debian's python3-avro, an independent implementation.
#
#   valid/<case>/input.avsc    python3-avro must accept it, and must accept what
#                              `schemagate convert --to avro` writes for it
#   invalid/<case>/input.avsc  python3-avro must reject it when the second line of
#                              invalid/<case>/why.txt starts with "python3-avro: rejects"
#                              (the others are cases python3-avro is known to accept although
#                              the Avro specification forbids them; why.txt says why)
#
# usage: check_python_avro.sh CASES_DIR [SCHEMAGATE_BINARY]     prints TAP; exit 1 on failure
set -u
cases_dir=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
schemagate=${2:-}
py=/usr/bin/python3

if ! "$py" -c 'import avro.schema' 2>/dev/null; then
    # tools/dev installs python3-avro; a missing checker is a broken set-up, not a pass.
    echo "Bail out! $py cannot import avro.schema (install python3-avro)"
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
list="$tmp/list"
: >"$list"
shopt -s nullglob
for d in "$cases_dir"/valid/*/; do
    d=${d%/}
    name=${d##*/}
    printf 'accept\tvalid/%s\t%s\n' "$name" "$d/input.avsc" >>"$list"
    if [ -n "$schemagate" ]; then
        out="$tmp/$name.avsc"
        if "$schemagate" convert "$d/input.avsc" --to avro -o "$out" 2>/dev/null; then
            printf 'accept\twritten/%s\t%s\n' "$name" "$out" >>"$list"
        else
            printf 'fail\twritten/%s\tschemagate convert failed\n' "$name" >>"$list"
        fi
    fi
done
for d in "$cases_dir"/invalid/*/; do
    d=${d%/}
    case $(sed -n 2p "$d/why.txt" 2>/dev/null) in
    "python3-avro: rejects"*) printf 'reject\tinvalid/%s\t%s\n' "${d##*/}" "$d/input.avsc" >>"$list" ;;
    esac
done

# One interpreter for all files: starting python3 per file would dominate the suite's time.
"$py" -W ignore - "$list" <<'PY'
import sys, avro.schema
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1], encoding="utf-8")]
print(f"1..{len(rows)}")
failed = 0
for n, (expect, name, path) in enumerate(rows, 1):
    if expect == "fail":
        print(f"not ok {n} - {name} # {path}")
        failed = 1
        continue
    try:
        with open(path, encoding="utf-8") as f:
            avro.schema.parse(f.read())
        got = "accept"
    except Exception:
        got = "reject"
    if got == expect:
        print(f"ok {n} - {name}")
    else:
        print(f"not ok {n} - {name} # expected python3-avro to {expect} it")
        failed = 1
sys.exit(failed)
PY
