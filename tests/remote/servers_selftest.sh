#!/usr/bin/env bash
# tests/remote/servers_selftest.sh: proves the remote-test harness (servers.py) works: start and
# seed both servers, then check with curl's own SigV4 signer (independent of the boto3 that
# seeded) that moto accepts a correct signature, refuses a wrong secret and a path signed
# unencoded, that Glue serves the seeded table, partitions and schema versions, and that s3rver
# serves ranged GETs and paginated listings; stop. Any failure exits 1 with the reason; the
# servers are stopped on every exit. Needs the pyenv python3 (moto, boto3), node, npm, curl.
#   tests/remote/servers_selftest.sh [--keep-state]
# shellcheck disable=SC2015  # `A && B || fail`: fail when either check fails, as meant
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
py="${PYTHON:-python3}"
parquet_dir="${SG_PARQUET_DIR:-/work/shared/testdata/parquet-testing/data}"
csv_dir="$repo/examples/orders/data/bronze"
keep_state=no
[ "${1:-}" = "--keep-state" ] && keep_state=yes

fail() {
    echo "servers_selftest: FAIL: $*" >&2
    exit 1
}
pass() { echo "servers_selftest: ok: $*"; }

"$py" -c 'import moto, boto3, yaml' 2>/dev/null ||
    fail "$py lacks moto/boto3/yaml: run with the pyenv python3 (PYTHON=... to choose another)"
for tool in node npm curl; do
    command -v "$tool" >/dev/null || fail "$tool not found"
done

state="$(mktemp -d "${TMPDIR:-/tmp}/sg-remote.XXXXXX")"
child=
# run CMD...: in the background and waited for, so a signal reaches the trap at once (bash runs
# traps only between foreground commands) and the trap can end the step too.
run() {
    local rc=0
    "$@" &
    child=$!
    wait "$child" || rc=$?
    child=
    return "$rc"
}
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$child" ]; then
        kill -TERM "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    if ! "$py" "$here/servers.py" stop --state "$state"; then
        echo "servers_selftest: could not stop the servers of $state" >&2
        rc=1
    fi
    if [ "$rc" -ne 0 ] || [ "$keep_state" = yes ]; then
        echo "servers_selftest: state and logs kept in $state" >&2
    else
        rm -rf "$state"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0=$(date +%s.%N)
run "$py" "$here/servers.py" start --state "$state" || fail "start"
t1=$(date +%s.%N)
run "$py" "$here/servers.py" seed --state "$state" --parquet-dir "$parquet_dir" --csv-dir "$csv_dir" || fail "seed"
t2=$(date +%s.%N)
timing=$(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "start %.1f s, seed %.1f s, total %.1f s", b - a, c - b, c - a }')
pass "$timing"
awk -v a="$t0" -v c="$t2" 'BEGIN { exit !(c - a < 60) }' || fail "start+seed took over 60 s"

# shellcheck disable=SC1091
. "$state/env"
for name in MOTO_URL MOTO_ACCESS_KEY_ID MOTO_SECRET_ACCESS_KEY S3RVER_URL; do
    [ -n "${!name:-}" ] || fail "$state/env does not set $name"
done

body="$state/body"
# req SERVICE KEY SECRET [curl args...]: signed request; prints the HTTP status, body in $body.
req() {
    local service="$1" key="$2" secret="$3"
    shift 3
    local extra=()
    [ "$service" = s3 ] && extra=(-H 'x-amz-content-sha256: UNSIGNED-PAYLOAD')
    curl -sS -o "$body" -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:$service" --user "$key:$secret" \
        "${extra[@]}" "$@"
}
moto_s3() { req s3 "$MOTO_ACCESS_KEY_ID" "$MOTO_SECRET_ACCESS_KEY" "$@"; }
local_s3() { req s3 S3RVER S3RVER "$@"; }
glue() {
    req glue "$MOTO_ACCESS_KEY_ID" "$MOTO_SECRET_ACCESS_KEY" -X POST "$MOTO_URL/" \
        -H 'Content-Type: application/x-amz-json-1.1' -H "X-Amz-Target: AWSGlue.$1" --data-binary "$2"
}
# json_check 'PYTHON CODE' WHAT: runs the code (asserts) on the JSON in $body.
# The code sees `j` (the body), `repo` and `state` (paths), and json, os.
json_check() {
    SG_REPO="$repo" SG_STATE="$state" "$py" -c '
import json, os, sys
j = json.load(open(sys.argv[1]))
repo, state = os.environ["SG_REPO"], os.environ["SG_STATE"]
exec(sys.argv[2])' "$body" "$1" || fail "$2: $(head -c 600 "$body")"
}

# (a) a correctly signed request succeeds: a key with '=' (path pre-encoded as SigV4 wants it),
#     the empty object, and ListObjectsV2 over the 1,203 `many/` objects in two pages.
status=$(moto_s3 "$MOTO_URL/sg-data/csv/dt%3D2026-01-01/orders.csv")
[ "$status" = 200 ] || fail "moto GET csv/dt=2026-01-01/orders.csv: HTTP $status $(head -c 300 "$body")"
cmp -s "$body" "$csv_dir/dt=2026-01-01/orders.csv" || fail "moto GET csv/dt=2026-01-01/orders.csv: wrong bytes"
status=$(moto_s3 -I "$MOTO_URL/sg-data/empty.bin")
[ "$status" = 200 ] || fail "moto HEAD empty.bin: HTTP $status"
status=$(moto_s3 "$MOTO_URL/sg-data?list-type=2&prefix=many%2F")
[ "$status" = 200 ] || fail "moto ListObjectsV2 page 1: HTTP $status $(head -c 300 "$body")"
grep -q '<KeyCount>1000</KeyCount>' "$body" && grep -q '<IsTruncated>true</IsTruncated>' "$body" ||
    fail "moto ListObjectsV2 page 1 is not 1000 keys, truncated: $(head -c 300 "$body")"
token=$(sed -n 's/.*<NextContinuationToken>\([^<]*\)<.*/\1/p' "$body")
[ -n "$token" ] || fail "moto ListObjectsV2 page 1 has no NextContinuationToken"
token_enc=$("$py" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="-_.~"))' "$token")
status=$(moto_s3 "$MOTO_URL/sg-data?continuation-token=$token_enc&list-type=2&prefix=many%2F")
[ "$status" = 200 ] && grep -q '<KeyCount>203</KeyCount>' "$body" ||
    fail "moto ListObjectsV2 page 2: HTTP $status $(head -c 300 "$body")"
pass "(a) moto accepts correct signatures: GET of a dt= key, HEAD of the empty object, 1000 + 203 listing"

# (b) a wrong secret, and the raw '=' signed as written (S3 signs the encoded path), are refused.
status=$(req s3 "$MOTO_ACCESS_KEY_ID" "not-the-secret" "$MOTO_URL/sg-data/empty.bin")
[ "$status" = 403 ] && grep -q SignatureDoesNotMatch "$body" ||
    fail "moto with a wrong secret: expected 403 SignatureDoesNotMatch, got $status $(head -c 300 "$body")"
status=$(req glue "$MOTO_ACCESS_KEY_ID" "not-the-secret" -X POST "$MOTO_URL/" \
    -H 'Content-Type: application/x-amz-json-1.1' -H 'X-Amz-Target: AWSGlue.GetDatabases' --data-binary '{}')
[ "$status" = 403 ] || fail "moto Glue with a wrong secret: expected 403, got $status $(head -c 300 "$body")"
status=$(moto_s3 "$MOTO_URL/sg-data/csv/dt=2026-01-01/orders.csv")
[ "$status" = 403 ] && grep -q SignatureDoesNotMatch "$body" ||
    fail "moto with '=' signed unencoded: expected 403 SignatureDoesNotMatch, got $status"
pass "(b) moto refuses a wrong secret (S3 and Glue) and a path signed unencoded: 403 SignatureDoesNotMatch"

# (c) Glue serves what seed put there.
status=$(glue GetTable '{"DatabaseName":"sales","Name":"orders_bronze"}')
[ "$status" = 200 ] || fail "GetTable orders_bronze: HTTP $status $(head -c 300 "$body")"
json_check 't = j["Table"]; sd = t["StorageDescriptor"]; assert t["Parameters"] == {"classification": "csv", "skip.header.line.count": "1"} and sd["Location"] == "s3://sg-data/csv/" and sd["SerdeInfo"]["SerializationLibrary"].endswith("LazySimpleSerDe") and sd["SerdeInfo"]["Parameters"]["field.delim"] == "," and [c["Name"] for c in sd["Columns"]] == ["order_id", "customer_id", "customer_email", "order_ts", "status", "amount", "currency", "country"] and t["PartitionKeys"][0]["Name"] == "dt" and t["PartitionKeys"][0]["Type"] == "date"' \
    "GetTable orders_bronze does not match schemas/orders_bronze/v1.yaml"
cp "$body" "$state/bronze.json"
status=$(glue GetPartitions '{"DatabaseName":"sales","TableName":"orders_bronze"}')
[ "$status" = 200 ] || fail "GetPartitions orders_bronze: HTTP $status $(head -c 300 "$body")"
json_check 'p = {x["Values"][0]: x["StorageDescriptor"] for x in j["Partitions"]}; cols = json.load(open(state + "/bronze.json"))["Table"]["StorageDescriptor"]["Columns"]; assert sorted(p) == ["2026-01-01", "2026-01-02", "2026-03-01", "2026-13-01"] and all(p[v]["Columns"] == cols for v in ["2026-01-01", "2026-01-02", "2026-13-01"]) and p["2026-01-02"]["Location"] == "s3://sg-data/csv/dt=2026-01-02/" and p["2026-03-01"]["Columns"] != cols and [c["Type"] for c in p["2026-03-01"]["Columns"] if c["Name"] == "amount"] == ["string"] and p["2026-03-01"]["Location"] == "s3://sg-data/csv-drift/dt=2026-03-01/"' \
    "GetPartitions orders_bronze: expected 3 partitions like the table and the drift one with amount string"
status=$(glue GetTable '{"DatabaseName":"sales","Name":"orders_silver"}')
[ "$status" = 200 ] || fail "GetTable orders_silver: HTTP $status $(head -c 300 "$body")"
json_check 'sd = j["Table"]["StorageDescriptor"]; assert sd["Location"] == "s3://sg-data/silver/" and sd["SerdeInfo"]["SerializationLibrary"].endswith("ParquetHiveSerDe") and len(sd["Columns"]) == 8' \
    "GetTable orders_silver does not match schemas/orders_silver/v1.yaml"
status=$(glue GetSchemaVersion '{"SchemaId":{"RegistryName":"sg-registry","SchemaName":"order_event"},"SchemaVersionNumber":{"VersionNumber":1}}')
[ "$status" = 200 ] || fail "GetSchemaVersion order_event v1: HTTP $status $(head -c 300 "$body")"
json_check 'assert j["VersionNumber"] == 1 and j["DataFormat"] == "AVRO" and json.loads(j["SchemaDefinition"]) == json.load(open(repo + "/schemas/order_event/v1.avsc"))' \
    "GetSchemaVersion order_event v1 is not schemas/order_event/v1.avsc"
status=$(glue GetSchemaVersion '{"SchemaId":{"RegistryName":"sg-registry","SchemaName":"order_event"},"SchemaVersionNumber":{"LatestVersion":true}}')
[ "$status" = 200 ] || fail "GetSchemaVersion order_event latest: HTTP $status $(head -c 300 "$body")"
json_check 'assert j["VersionNumber"] == 2 and "channel" in [f["name"] for f in json.loads(j["SchemaDefinition"])["fields"]]' \
    "GetSchemaVersion order_event latest is not v2 (the channel proposal)"
status=$(glue GetTable '{"DatabaseName":"sales","Name":"no_such_table"}')
[ "$status" = 400 ] && grep -q EntityNotFoundException "$body" ||
    fail "GetTable of a missing table: expected 400 EntityNotFoundException, got $status"
pass "(c) Glue: orders_bronze as its CFN, 3 + 1 drift partitions, orders_silver, order_event v1 and v2"

# (d) s3rver: ranged GET of a corpus file, and the 1,203 objects in two pages (continuation token).
file="$parquet_dir/alltypes_plain.parquet"
size=$(stat -c %s "$file")
status=$(local_s3 -D "$state/headers" -H 'Range: bytes=4-11' "$S3RVER_URL/test-bucket/corpus/alltypes_plain.parquet")
[ "$status" = 206 ] || fail "s3rver ranged GET: HTTP $status"
grep -qi "^content-range: bytes 4-11/$size" "$state/headers" || fail "s3rver ranged GET: $(grep -i content-range "$state/headers")"
cmp -s "$body" <(tail -c +5 "$file" | head -c 8) || fail "s3rver ranged GET: wrong bytes"
status=$(local_s3 "$S3RVER_URL/test-bucket?list-type=2&prefix=many%2F")
[ "$status" = 200 ] && grep -q '<KeyCount>1000</KeyCount>' "$body" || fail "s3rver listing page 1: HTTP $status"
token=$(sed -n 's/.*<NextContinuationToken>\([^<]*\)<.*/\1/p' "$body")
token_enc=$("$py" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="-_.~"))' "$token")
status=$(local_s3 "$S3RVER_URL/test-bucket?continuation-token=$token_enc&list-type=2&prefix=many%2F")
[ "$status" = 200 ] && grep -q '<KeyCount>203</KeyCount>' "$body" ||
    fail "s3rver listing page 2: HTTP $status $(head -c 300 "$body")"
pass "(d) s3rver: 206 for bytes=4-11 with Content-Range, 1000 + 203 listing"
