#!/usr/bin/env bash
# tests/run_compat_cases.sh: the compatibility cases in tests/cases/compat/<rules>/<case>/ and
# prints TAP. A case holds versions v1.*, v2.*, ... (any schema format), mode.txt (a mode name)
# and expected.txt. The latest version is checked against its predecessor, or for transitive
# modes against every earlier version, newest first, with `schemagate diff --rules <rules>`;
# expected.txt holds each diff's output under an "against vN" header and the final exit code.
# SG_UPDATE_EXPECTED=1 rewrites expected.txt from the actual run, for review.
#
# usage: run_compat_cases.sh SCHEMAGATE_BINARY CASES_DIR
set -u
bin=$1
root=$2
shopt -s nullglob
cases=("$root"/*/*/)
if [ ${#cases[@]} -eq 0 ]; then
    echo "Bail out! no compatibility cases in $root"
    exit 1
fi
echo "1..${#cases[@]}"
n=0
failed=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for d in "${cases[@]}"; do
    d=${d%/}
    n=$((n + 1))
    rules=$(basename "$(dirname "$d")")
    name="$rules/$(basename "$d")"
    mode=$(cat "$d/mode.txt")
    versions=("$d"/v[0-9]*.*)
    count=${#versions[@]}
    latest=${versions[count - 1]}
    case $mode in
    *_TRANSITIVE | *_ALL) first=0 ;;
    *) first=$((count - 2)) ;;
    esac
    status=0
    : >"$tmp"
    for ((i = count - 2; i >= first; i--)); do
        against=${versions[i]}
        echo "against $(basename "$against"):" >>"$tmp"
        (cd "$d" && "$bin" diff "$(basename "$against")" "$(basename "$latest")" --mode "$mode" \
            --rules "$rules") >>"$tmp" 2>&1
        rc=$?
        [ $rc -gt $status ] && status=$rc
    done
    echo "exit: $status" >>"$tmp"
    if [ "${SG_UPDATE_EXPECTED:-}" = 1 ]; then
        cp "$tmp" "$d/expected.txt"
    fi
    if cmp -s "$tmp" "$d/expected.txt"; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name # $(diff "$d/expected.txt" "$tmp" | head -4 | tr '\n' '|')"
        failed=1
    fi
done
exit $failed
