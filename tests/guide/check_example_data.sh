#!/usr/bin/env bash
# tests/guide/check_example_data.sh EXAMPLE_DATA_DIR: the orders example's committed sample data
# is exactly what its generator writes (so nobody edits it by hand and the generator does not
# rot). Skipped (exit 77) without node or DuckDB (@duckdb/node-api, which tools/dev test installs).
set -euo pipefail
data="$1"
command -v node >/dev/null || { echo "node not installed: skipped"; exit 77; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
code=0
node "$data/make_data.cjs" "$out" >/dev/null || code=$?
if [ "$code" -eq 77 ]; then
    echo "DuckDB not installed: skipped"
    exit 77
fi
[ "$code" -eq 0 ] || exit "$code"
diff -r "$data/bronze" "$out/bronze"
diff -r "$data/silver" "$out/silver"
echo "the sample data is what make_data.cjs writes"
