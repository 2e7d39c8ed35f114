#!/usr/bin/env bash
# tests/run_cli_cases.sh: runs the CLI cases in tests/cases/cli/<case>/ and prints TAP.
#
# Each case folder holds:
#   args     the arguments, one line, shell-quoted (run from tests/cases/ as working folder)
#   stdin    optional: fed to standard input (otherwise /dev/null)
#   stdout   expected standard output, exactly (absent: must be empty)
#   stderr   expected standard error, exactly (absent: must be empty)
#   exit     expected exit code
# SG_UPDATE_EXPECTED=1 rewrites stdout/stderr/exit from the actual run, for review.
#
# usage: run_cli_cases.sh SCHEMAGATE_BINARY CASES_DIR
set -u
bin=$1
cases=$2
cd "$cases/.." || exit 1
shopt -s nullglob
dirs=("$cases"/*/)
if [ ${#dirs[@]} -eq 0 ]; then
    echo "Bail out! no CLI cases in $cases"
    exit 1
fi
echo "1..${#dirs[@]}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
for d in "${dirs[@]}"; do
    d=${d%/}
    name=${d##*/}
    n=$((n + 1))
    args_line=$(cat "$d/args")
    eval "set -- $args_line"
    input=/dev/null
    [ -f "$d/stdin" ] && input="$d/stdin"
    "$bin" "$@" <"$input" >"$tmp/stdout" 2>"$tmp/stderr"
    code=$?
    if [ "${SG_UPDATE_EXPECTED:-}" = 1 ]; then
        echo "$code" >"$d/exit"
        for stream in stdout stderr; do
            if [ -s "$tmp/$stream" ]; then cp "$tmp/$stream" "$d/$stream"; else rm -f "$d/$stream"; fi
        done
    fi
    why=""
    want_code=$(cat "$d/exit" 2>/dev/null || echo missing)
    [ "$code" = "$want_code" ] || why="exit code $code, expected $want_code"
    for stream in stdout stderr; do
        want="$d/$stream"
        [ -f "$want" ] || want=/dev/null
        if [ -z "$why" ] && ! cmp -s "$want" "$tmp/$stream"; then
            why="$stream differs: $(diff "$want" "$tmp/$stream" | head -5 | tr '\n' '|')"
        fi
    done
    if [ -z "$why" ]; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name # $why"
        failed=1
    fi
done
exit $failed
