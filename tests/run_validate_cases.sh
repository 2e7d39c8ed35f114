#!/usr/bin/env bash
# tests/run_validate_cases.sh: the data-driven validate cases. Each folder under
# tests/cases/validate/ holds a schema (schema.*), data files (data*), and the expected outcome:
#   expected-report.json  the JSON report (`--format json`), its timing fields blanked; with
#                         --format text, junit or sarif: expected-report.txt, .xml, .sarif.json
#   exit                  the exit code (default 0)
#   command               optional: the whole argument list instead of the default
#                         `validate --schema CASE/schema.* --format json CASE/data*`
# Commands run from tests/cases/ so that paths in reports are stable. Prints TAP.
# SG_UPDATE_EXPECTED=1 rewrites expected-report.json and exit from the actual run, for review.
#
# usage: run_validate_cases.sh SCHEMAGATE_EXE CASES_DIR
set -u
exe=$1
cases=$(cd "$2" && pwd)
cd "$cases/.." || exit 1
n=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dirs=()
for d in "$cases"/*/; do
    dirs+=("$(basename "$d")")
done
echo "1..${#dirs[@]}"
# The report's timing changes from run to run.
normalise() {
    sed -E 's/("(seconds|mb_per_s)": )[0-9.e+-]+/\1"?"/; s/(time=")[0-9.]+(")/\1?\2/g; s/ in [0-9.]+ s \([0-9.]+ MB\/s\)/ in ? s (? MB\/s)/'
}
for name in "${dirs[@]}"; do
    n=$((n + 1))
    d="validate/$name"
    if [ -f "$d/command" ]; then
        eval "set -- $(cat "$d/command")"
    else
        set -- validate --schema "$(ls "$d"/schema.* | head -n 1)" --format json $(ls "$d"/data* 2>/dev/null)
    fi
    expected=$d/expected-report.json
    case " $* " in
    *" --format text "*) expected=$d/expected-report.txt ;;
    *" --format junit "*) expected=$d/expected-report.xml ;;
    *" --format sarif "*) expected=$d/expected-report.sarif.json ;;
    esac
    "$exe" "$@" >"$work/out" 2>"$work/err"
    rc=$?
    out=$(normalise <"$work/out")
    if [ "${SG_UPDATE_EXPECTED:-}" = 1 ]; then
        printf '%s\n' "$out" >"$expected"
        echo "$rc" >"$d/exit"
    fi
    want_rc=$(cat "$d/exit" 2>/dev/null || echo 0)
    if [ "$rc" != "$want_rc" ]; then
        echo "not ok $n - $name # exit $rc, expected $want_rc: $(head -c 300 "$work/err")"
        failed=$((failed + 1))
    elif ! diff <(printf '%s\n' "$out") "$expected" >"$work/diff"; then
        echo "not ok $n - $name # report differs: $(head -n 12 "$work/diff" | tr '\n' '|')"
        failed=$((failed + 1))
    else
        echo "ok $n - $name"
    fi
done
[ $failed -eq 0 ]
