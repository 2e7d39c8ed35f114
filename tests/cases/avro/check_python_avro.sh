#!/usr/bin/env bash
# Cross-check the Avro schema test cases against Debian's python3-avro.
#
#   valid/<case>/input.avsc    must be accepted by python3-avro
#   invalid/<case>/input.avsc  must be rejected by python3-avro when the second
#                              line of invalid/<case>/why.txt starts with
#                              "python3-avro: rejects" (other invalid cases are
#                              ones python3-avro is known to accept; skipped)
#
# Usage: check_python_avro.sh [CASES_DIR]   (default: this script's directory)
# Output: TAP. Exit status 1 if any test failed.

set -u

cases_dir=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
py=/usr/bin/python3

if ! "$py" -c 'import avro.schema' 2>/dev/null; then
    # tools/dev installs python3-avro; a missing checker is a broken set-up, not a pass.
    echo "Bail out! $py cannot import avro.schema (install python3-avro)"
    exit 1
fi

parses() {
    "$py" -W ignore -c 'import avro.schema, sys
with open(sys.argv[1], encoding="utf-8") as f:
    avro.schema.parse(f.read())' "$1" >/dev/null 2>&1
}

tests=()   # entries: "<expect>|<name>|<file>"
shopt -s nullglob
for d in "$cases_dir"/valid/*/; do
    d=${d%/}
    [ -f "$d/input.avsc" ] && tests+=("accept|valid/${d##*/}|$d/input.avsc")
done
for d in "$cases_dir"/invalid/*/; do
    d=${d%/}
    if [ ! -f "$d/input.avsc" ] || [ ! -f "$d/why.txt" ]; then continue; fi
    verdict=$(sed -n 2p "$d/why.txt")
    case $verdict in
        "python3-avro: rejects"*) tests+=("reject|invalid/${d##*/}|$d/input.avsc") ;;
    esac
done

echo "1..${#tests[@]}"
n=0
failed=0
for t in "${tests[@]}"; do
    n=$((n + 1))
    expect=${t%%|*}
    rest=${t#*|}
    name=${rest%%|*}
    file=${rest#*|}
    if parses "$file"; then got=accept; else got=reject; fi
    if [ "$got" = "$expect" ]; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name # expected python3-avro to ${expect} it"
        failed=1
    fi
done
exit $failed
