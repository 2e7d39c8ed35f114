#!/usr/bin/env bash
# Cross-check schemagate's Avro compatibility verdicts against the corpus.
#
# usage: check.sh SCHEMAGATE_BINARY PAIRS_DIR
#
# For every PAIRS_DIR/<pair>/ (old.avsc, new.avsc, expected.txt) it runs
#   SCHEMAGATE_BINARY diff <pair>/old.avsc <pair>/new.avsc --mode BACKWARD --rules avro
#   SCHEMAGATE_BINARY diff <pair>/old.avsc <pair>/new.avsc --mode FORWARD  --rules avro
# Exit code 0 = compatible, 1 = breaking, anything else = test failure.
# expected.txt: "backward: compatible|breaking" / "forward: compatible|breaking"
# [/ "spec-override: <reason>"].
#
# Output is TAP: "1..N", then one "ok"/"not ok" line per pair and direction;
# a failing line is followed by "# " lines (what was expected, the exit code,
# schemagate's stdout, and its stderr if any).  Exits 1 if any test failed,
# 2 on a usage error.
#
# Environment (optional):
#   CHECK_TIMEOUT  seconds allowed per invocation (default 10; 0 = no limit)
#   PAIRS_GLOB     only run pairs whose directory name matches (default "*")
#
# No interpreter is started per pair: only the binary itself (under timeout(1)).

set -u

if [ "$#" -ne 2 ]; then
    echo "usage: $0 SCHEMAGATE_BINARY PAIRS_DIR" >&2
    exit 2
fi
bin=$1
pairs_dir=${2%/}
if [ ! -x "$bin" ]; then
    echo "check.sh: $bin is not an executable file" >&2
    exit 2
fi
if [ ! -d "$pairs_dir" ]; then
    echo "check.sh: $pairs_dir is not a directory" >&2
    exit 2
fi
# a bare name would be looked up in PATH; make it a path
case $bin in */*) ;; *) bin=./$bin ;; esac

timeout_s=${CHECK_TIMEOUT:-10}
glob=${PAIRS_GLOB:-*}
run=()
if [ "$timeout_s" != 0 ] && command -v timeout >/dev/null 2>&1; then
    run=(timeout -k 2 "$timeout_s")
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/schemagate-check.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
out_file=$tmp/stdout
err_file=$tmp/stderr

shopt -s nullglob
pairs=()
for d in "$pairs_dir"/$glob/; do
    [ -f "$d/old.avsc" ] || continue
    d=${d%/}
    pairs+=("${d##*/}")
done
if [ "${#pairs[@]}" -eq 0 ]; then
    echo "check.sh: no pairs found in $pairs_dir" >&2
    exit 2
fi

echo "1..$(( ${#pairs[@]} * 2 ))"

n=0
failed=0

# print a file as TAP comment lines, with a label on the first line
diag_file() {
    local label=$1 file=$2 line first=1
    if [ ! -s "$file" ]; then
        echo "# $label: (empty)"
        return
    fi
    while IFS= read -r line || [ -n "$line" ]; do
        if [ "$first" = 1 ]; then
            echo "# $label:"
            first=0
        fi
        echo "#   $line"
    done < "$file"
}

for pair in "${pairs[@]}"; do
    dir=$pairs_dir/$pair
    exp_backward=""
    exp_forward=""
    note=""
    if [ -f "$dir/expected.txt" ]; then
        while IFS= read -r line || [ -n "$line" ]; do
            case $line in
                "backward: "*) exp_backward=${line#backward: } ;;
                "forward: "*) exp_forward=${line#forward: } ;;
                "spec-override: "*) note=" [spec-override]" ;;
            esac
        done < "$dir/expected.txt"
    fi

    for mode in BACKWARD FORWARD; do
        n=$((n + 1))
        if [ "$mode" = BACKWARD ]; then
            want=$exp_backward
            label="$pair backward$note"
        else
            want=$exp_forward
            label="$pair forward$note"
        fi
        case $want in
            compatible) want_rc=0 ;;
            breaking) want_rc=1 ;;
            *)
                echo "not ok $n - $label"
                echo "# expected.txt has no valid ${mode,,} line"
                failed=$((failed + 1))
                continue
                ;;
        esac

        "${run[@]}" "$bin" diff "$dir/old.avsc" "$dir/new.avsc" --mode "$mode" --rules avro \
            >"$out_file" 2>"$err_file" </dev/null
        rc=$?

        if [ "$rc" -eq "$want_rc" ]; then
            echo "ok $n - $label"
            continue
        fi
        failed=$((failed + 1))
        echo "not ok $n - $label"
        case $rc in
            0) got="compatible (exit 0)" ;;
            1) got="breaking (exit 1)" ;;
            124) got="timed out after ${timeout_s}s (exit 124)" ;;
            *)
                if [ "$rc" -gt 128 ]; then
                    got="error: exit $rc (signal $((rc - 128)))"
                else
                    got="error: exit $rc (neither 0 nor 1)"
                fi
                ;;
        esac
        echo "# expected $want (exit $want_rc), got $got"
        diag_file "stdout" "$out_file"
        if [ -s "$err_file" ]; then
            diag_file "stderr" "$err_file"
        fi
    done
done

if [ "$failed" -ne 0 ]; then
    echo "# FAILED $failed of $n tests"
    exit 1
fi
echo "# all $n tests passed"
exit 0
