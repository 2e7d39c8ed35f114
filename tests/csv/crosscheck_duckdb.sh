#!/usr/bin/env bash
# tests/csv/crosscheck_duckdb.sh: compares `schemagate infer` with DuckDB, an independent CSV
# reader, on the sample CSVs listed in crosscheck.txt (column names, nullability, broad type
# classes; crosscheck-differences.txt lists the explained differences). Prints TAP.
#
# DuckDB comes from the npm package @duckdb/node-api, which this script never installs: it
# looks in $SG_DUCKDB_DIR, then tests/csv/node_modules, then the global npm folder, and skips
# (TAP "1..0 # SKIP") when it is not there. To enable it once:
#     npm install --prefix tests/csv @duckdb/node-api     # node_modules/ is ignored by git
#
# usage: crosscheck_duckdb.sh SCHEMAGATE_BINARY CSV_DIR
set -u
bin=$1
csv_dir=$2
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v node >/dev/null 2>&1; then
    echo "1..0 # SKIP node is not installed, so DuckDB (@duckdb/node-api) cannot run"
    exit 0
fi
modules=""
candidates=("${SG_DUCKDB_DIR:-}" "$here")
global=$(npm root -g 2>/dev/null) && candidates+=("$(dirname "$global")" "$global/..")
for dir in "${candidates[@]}"; do
    [ -n "$dir" ] || continue
    # A folder holding node_modules/@duckdb/node-api, or node_modules itself.
    for m in "$dir/node_modules" "$dir"; do
        if [ -d "$m/@duckdb/node-api" ]; then
            modules=$(cd "$m/.." && pwd)
            break 2
        fi
    done
done
if [ -z "$modules" ]; then
    echo "1..0 # SKIP DuckDB (@duckdb/node-api) is not installed; see tests/csv/crosscheck_duckdb.sh"
    exit 0
fi
exec node "$here/crosscheck_duckdb.cjs" "$bin" "$csv_dir" "$modules"
