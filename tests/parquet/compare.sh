#!/usr/bin/env bash
# tests/parquet/compare.sh: checks `schemagate cat` against independent expectations and prints
# TAP (one line per file, a short diff on failure); exits 1 when any check fails. Every file cat
# reads must also be described by `inspect` (text and JSON) and `infer` (tree and Spark JSON).
#   - the parquet-testing corpus, as corpus.txt says per file: `compare` files against the
#     DuckDB oracle (duckdb_cat.cjs, run here into ORACLE_OUTDIR because the corpus is not in the
#     repository), `error:TEXT` files must make cat exit 2 or 3 with TEXT on stderr,
#     `duckdb-differs` files against expected/<name>.jsonl when there is one;
#   - the corpus's *_expect.csv files (expect_csv.cjs turns them into rows);
#   - every FIXTURES_DIR/<name>.parquet against the committed <name>.jsonl (no DuckDB needed), or,
#     when there is a <name>.error instead, cat must exit 2 or 3 with its text on stderr.
# Oracle-based checks are skipped (TAP "# SKIP") when node or DuckDB (@duckdb/node-api, found
# through $SG_DUCKDB_DIR or tests/csv/node_modules) is missing.
#
# usage: compare.sh SCHEMAGATE_EXE CORPUS_DIR FIXTURES_DIR ORACLE_OUTDIR
set -u
if [ $# -ne 4 ]; then
    echo "usage: $0 SCHEMAGATE_EXE CORPUS_DIR FIXTURES_DIR ORACLE_OUTDIR" >&2
    exit 2
fi
exe=$1
corpus=$2
fixtures=$3
oracle=$4
here=$(cd "$(dirname "$0")" && pwd)
timeout_s=${SG_CAT_TIMEOUT:-120}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# corpus.txt without comments: PATH STATUS REASON...
entries=()
while IFS= read -r line; do
    case "$line" in '#'* | '') continue ;; esac
    entries+=("$line")
done <"$here/corpus.txt"

csvs=()
for f in "$corpus"/*_expect.csv; do
    [ -e "$f" ] && csvs+=("$f")
done
fixture_files=()
for f in "$fixtures"/*.parquet; do
    [ -e "$f" ] && fixture_files+=("$f")
done

# The oracle, once for all files it has to render.
oracle_ok=0
oracle_why="node is not installed"
# SG_ORACLE_REUSE=1: an oracle folder completed by an earlier run is used as it is (the
# self-test runs this script several times over the same corpus).
if [ "${SG_ORACLE_REUSE:-}" = 1 ] && [ -f "$oracle/.complete" ]; then
    oracle_ok=1
elif command -v node >/dev/null 2>&1; then
    mkdir -p "$oracle"
    rm -f "$oracle/.complete"
    to_render=()
    for e in "${entries[@]}"; do
        read -r path status _ <<<"$e"
        [ "$status" = compare ] && [ -e "$corpus/$path" ] && to_render+=("$corpus/$path")
    done
    node "$here/duckdb_cat.cjs" --relative-to "$corpus" "$oracle" "${to_render[@]}" 2>"$work/oracle.err"
    rc=$?
    if [ $rc -eq 0 ]; then
        oracle_ok=1
        mkdir -p "$oracle/expect_csv"
        for c in "${csvs[@]}"; do
            b=$(basename "$c" _expect.csv)
            node "$here/expect_csv.cjs" "$c" "$corpus/$b.parquet" >"$oracle/expect_csv/$b.jsonl" 2>>"$work/oracle.err" ||
                rm -f "$oracle/expect_csv/$b.jsonl"
        done
        touch "$oracle/.complete"
    elif [ $rc -eq 77 ]; then
        oracle_why="DuckDB (@duckdb/node-api) is not installed"
    else
        oracle_why="the oracle failed: $(grep -v ': note: ' "$work/oracle.err" | head -n 1)"
    fi
fi

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
not_ok() {
    n=$((n + 1))
    failed=$((failed + 1))
    echo "not ok $n - $1"
    shift
    for m in "$@"; do printf '%s\n' "$m" | head -n 12 | sed 's/^/# /'; done
}

# run_cat FILE: cat's stdout, stderr and exit status into $work/{out,err,rc}.
run_cat() {
    local t=()
    command -v timeout >/dev/null 2>&1 && t=(timeout "$timeout_s")
    "${t[@]}" "$exe" cat "$1" >"$work/out" 2>"$work/err"
    echo $? >"$work/rc"
}

# first_difference EXPECTED ACTUAL: where the first differing line differs, with 60 characters of
# context (lines are long: base64, nested rows), and the line counts.
first_difference() {
    awk -v exp_file="$1" -v act_file="$2" 'BEGIN {
        n = 0
        while (1) {
            e = (getline le < exp_file) > 0
            a = (getline la < act_file) > 0
            if (!e && !a) break
            n++
            if (!e) { printf "line %d: unexpected extra output: %s\n", n, substr(la, 1, 120); break }
            if (!a) { printf "line %d: output ends, expected: %s\n", n, substr(le, 1, 120); break }
            if (le != la) {
                c = 1
                while (c <= length(le) && substr(le, c, 1) == substr(la, c, 1)) c++
                from = c > 40 ? c - 40 : 1
                printf "line %d, column %d:\n  expected ...%s\n  got      ...%s\n", n, c, substr(le, from, 100), substr(la, from, 100)
                break
            }
        }
    }'
    echo "expected $(wc -l <"$1") lines, got $(wc -l <"$2")"
}

# describes FILE: inspect (text and JSON) and infer (tree and Spark) must work on every file
# cat can read; prints what failed, nothing when all did.
describes() {
    local args
    for args in "inspect" "inspect --format json" "infer" "infer --to spark"; do
        # shellcheck disable=SC2086
        if ! "$exe" $args "$1" >/dev/null 2>"$work/describe.err"; then
            echo "$args failed: $(head -c 300 "$work/describe.err")"
            return
        fi
    done
}

# check_rows LABEL FILE EXPECTED_JSONL
check_rows() {
    run_cat "$2"
    local rc problem
    rc=$(cat "$work/rc")
    problem=$(describes "$2")
    if [ "$rc" -ne 0 ]; then
        not_ok "$1" "exit status $rc" "$(head -c 600 "$work/err")"
    elif [ -n "$problem" ]; then
        not_ok "$1" "$problem"
    elif cmp -s "$3" "$work/out"; then
        ok "$1"
    else
        not_ok "$1" "$(first_difference "$3" "$work/out")"
    fi
}

# check_error LABEL FILE TEXT: cat must exit 2 or 3 and mention TEXT on stderr.
check_error() {
    run_cat "$2"
    local rc
    rc=$(cat "$work/rc")
    if [ "$rc" -ne 2 ] && [ "$rc" -ne 3 ]; then
        not_ok "$1" "exit status $rc, expected 2 or 3" "$(head -c 300 "$work/err")"
    elif ! grep -qiF -- "$3" "$work/err"; then
        not_ok "$1" "stderr does not mention \"$3\"" "$(head -c 300 "$work/err")"
    else
        ok "$1"
    fi
}

echo "1..$((${#entries[@]} + ${#csvs[@]} + ${#fixture_files[@]}))"

for e in "${entries[@]}"; do
    read -r path status reason <<<"$e"
    file="$corpus/$path"
    base=${path%.parquet}
    label="corpus $path"
    if [ ! -e "$file" ]; then
        not_ok "$label" "missing from $corpus"
        continue
    fi
    case "$status" in
    compare)
        if [ $oracle_ok -ne 1 ]; then
            skip "$label" "$oracle_why"
        elif [ -f "$oracle/$base.jsonl" ]; then
            check_rows "$label" "$file" "$oracle/$base.jsonl"
        else
            not_ok "$label" "the oracle has no rendering: $(cat "$oracle/$base.error" 2>/dev/null)"
        fi
        ;;
    error:*)
        check_error "$label" "$file" "${status#error:}"
        ;;
    duckdb-differs)
        expected="$here/expected/$(basename "$base").jsonl"
        if [ -f "$expected" ]; then
            check_rows "$label (expected/$(basename "$expected"))" "$file" "$expected"
        else
            skip "$label" "DuckDB differs, no expected file: ${reason:0:120}"
        fi
        ;;
    skip)
        skip "$label" "${reason:0:120}"
        ;;
    *)
        not_ok "$label" "unknown status $status in corpus.txt"
        ;;
    esac
done

for c in "${csvs[@]}"; do
    b=$(basename "$c" _expect.csv)
    label="corpus $b.parquet against $(basename "$c")"
    if [ $oracle_ok -ne 1 ]; then
        skip "$label" "$oracle_why"
    elif [ -f "$oracle/expect_csv/$b.jsonl" ]; then
        check_rows "$label" "$corpus/$b.parquet" "$oracle/expect_csv/$b.jsonl"
    else
        not_ok "$label" "expect_csv.cjs could not convert it" "$(grep expect_csv "$work/oracle.err" | head -n 3)"
    fi
done

for f in "${fixture_files[@]}"; do
    name=$(basename "$f" .parquet)
    label="fixture $name"
    if [ -f "$fixtures/$name.jsonl" ]; then
        check_rows "$label" "$f" "$fixtures/$name.jsonl"
    elif [ -f "$fixtures/$name.error" ]; then
        check_error "$label (must be refused)" "$f" "$(head -n 1 "$fixtures/$name.error")"
    else
        not_ok "$label" "no $name.jsonl or $name.error next to it"
    fi
done

if [ $failed -ne 0 ]; then
    echo "# $failed of $n checks failed"
    exit 1
fi
exit 0
