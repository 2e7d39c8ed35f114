#!/usr/bin/env bash
# tests/remote/fault_server_selftest.sh: starts fault_server.cjs on a temporary folder and proves
# every S3 and Glue scenario with curl (HTTP status, headers, bodies, curl exit codes, counters).
# Prints TAP; exits non-zero on any mismatch. Needs node (>= 20) and curl; runs in about 10 s.
#
# usage: fault_server_selftest.sh
# pass and fail always succeed, so "A && pass || fail" is a safe if/else here.
# shellcheck disable=SC2015
set -u
here=$(cd "$(dirname "$0")" && pwd)
server_js="$here/fault_server.cjs"
tmp=$(mktemp -d)
root="$tmp/root"
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

n=0
failed=0
pass() {
    n=$((n + 1))
    echo "ok $n - $1"
}
fail() {
    n=$((n + 1))
    failed=$((failed + 1))
    echo "not ok $n - $1"
    shift
    for line in "$@"; do echo "#   $line"; done
}

# ---- fixtures ----------------------------------------------------------------------------------
mkdir -p "$root/dir/sub" "$root/x" "$root/glue/GetTable/ok" "$root/glue/GetTable/throttled" \
    "$root/glue/GetPartitions/ok" "$root/glue/GetSchemaVersion/ok-reg"
printf '0123456789abcdefghij' >"$root/small.txt"
head -c 150000 /dev/urandom >"$root/big.bin"
printf 'a' >"$root/dir/a.txt"
printf 'bb' >"$root/dir/b.txt"
printf 'ccc' >"$root/dir/sub/c.txt"
printf 'y' >"$root/x/y"
printf 'z' >"$root/x-z"
printf 'odd' >"$root/odd name+1.txt"
: >"$root/empty"
printf '{"Table":{"Name":"t","DatabaseName":"ok","StorageDescriptor":{"Location":"s3://ok/dir/"}}}' \
    >"$root/glue/GetTable/ok/t.json"
printf '{"Table":{"Name":"t","DatabaseName":"throttled"}}' >"$root/glue/GetTable/throttled/t.json"
printf '{"Partitions":[{"Values":["1"]},{"Values":["2"]},{"Values":["3"]}]}' \
    >"$root/glue/GetPartitions/ok/t.json"
printf '{"SchemaVersionId":"v1","SchemaDefinition":"{}","DataFormat":"JSON","VersionNumber":1,"Status":"AVAILABLE"}' \
    >"$root/glue/GetSchemaVersion/ok-reg/s.json"
small_etag="\"$(md5sum <"$root/small.txt" | cut -d' ' -f1)\""

# ---- server ------------------------------------------------------------------------------------
start_server() { # OUT ERR ARGS... ; sets server_pid and port
    local out=$1 err=$2
    shift 2
    node "$server_js" "$@" >"$out" 2>"$err" &
    server_pid=$!
    port=
    local i
    for i in $(seq 1 100); do
        port=$(sed -n 's/^fault server listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$out")
        [ -n "$port" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.05
    done
    echo "Bail out! the server did not start: $(cat "$err")"
    exit 1
}

start_server "$tmp/server.out" "$tmp/server.err" --root "$root"
base="http://127.0.0.1:$port"
S3=(--aws-sigv4 aws:amz:us-east-1:s3 --user AK:SK -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD')
GLUE=(--aws-sigv4 aws:amz:us-east-1:glue --user AK:SK -H 'Content-Type: application/x-amz-json-1.1')

# req CURL_ARGS... : one request; sets code (HTTP status, 000 without a reply) and rc (curl exit);
# the body is in $tmp/body and the headers in $tmp/hdr.
req() {
    : >"$tmp/hdr"
    code=$(curl -sS -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' --max-time 5 "$@" 2>"$tmp/curlerr")
    rc=$?
}
hdr() { # header value, case-insensitive, without CR
    grep -i "^$1:" "$tmp/hdr" | tail -n 1 | sed 's/^[^:]*: *//' | tr -d '\r'
}
body() { cat "$tmp/body"; }
body_size() { wc -c <"$tmp/body" | tr -d ' '; }

# expect NAME CODE RC [GREP_IN_BODY]
expect() {
    local name=$1 want_code=$2 want_rc=$3 pattern=${4:-}
    if [ "$code" != "$want_code" ] || [ "$rc" != "$want_rc" ]; then
        fail "$name" "got HTTP $code curl $rc, want HTTP $want_code curl $want_rc" "$(head -c 300 "$tmp/body" 2>/dev/null)"
    elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$tmp/body"; then
        fail "$name" "body lacks $pattern" "$(head -c 300 "$tmp/body")"
    else
        pass "$name"
    fi
}
expect_eq() { # NAME GOT WANT
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got [$2]" "want [$3]"; fi
}
stat_of() { # the counter "<scenario> <METHOD> <key>" (0 if absent); test keys need no JSON escapes
    local value
    value=$(curl -sS "$base/__stats" | sed 's/[,{}]/\n/g' | grep -F "\"$1\":" | sed 's/.*://')
    echo "${value:-0}"
}
# curl helpers for S3 and Glue
s3get() { req "${S3[@]}" "$@"; }
glue() { # OP JSON [extra curl args]
    local op=$1 json=$2
    shift 2
    req "${GLUE[@]}" -H "X-Amz-Target: AWSGlue.$op" --data-binary "$json" "$@" "$base/"
}

# ---- S3, normal behaviour ----------------------------------------------------------------------
req "$base/ok/small.txt"
expect "unsigned GET is 403 AccessDenied" 403 0 '<Code>AccessDenied</Code>'
req --aws-sigv4 aws:amz:us-east-1:s3 --user AK:SK "$base/ok/small.txt"
expect "GET without x-amz-content-sha256 is 400" 400 0 'x-amz-content-sha256'
s3get -I "$base/ok/small.txt"
expect "HEAD object" 200 0
expect_eq "HEAD Content-Length" "$(hdr Content-Length)" 20
expect_eq "HEAD ETag is the quoted MD5" "$(hdr ETag)" "$small_etag"
expect_eq "HEAD Last-Modified is an HTTP date" "$(hdr Last-Modified | sed 's/^[A-Z][a-z][a-z], [0-9][0-9] [A-Z][a-z][a-z] [0-9]\{4\} [0-9:]\{8\} GMT$/ok/')" ok
s3get "$base/ok/small.txt"
expect "GET object" 200 0
expect_eq "GET body" "$(body)" 0123456789abcdefghij
s3get "$base/any-bucket-name/big.bin"
expect "GET 150 KB object from any bucket" 200 0
cmp -s "$tmp/body" "$root/big.bin" && pass "GET big body is exact" || fail "GET big body is exact"
s3get -H 'Range: bytes=2-5' "$base/ok/small.txt"
expect "Range a-b" 206 0
expect_eq "Range a-b body" "$(body)" 2345
expect_eq "Range a-b Content-Range" "$(hdr Content-Range)" "bytes 2-5/20"
s3get -H 'Range: bytes=15-' "$base/ok/small.txt"
expect_eq "Range a- (open)" "$code $(hdr Content-Range) $(body)" "206 bytes 15-19/20 fghij"
s3get -H 'Range: bytes=5-100' "$base/ok/small.txt"
expect_eq "Range end past the object is clamped" "$code $(hdr Content-Range)" "206 bytes 5-19/20"
s3get -H 'Range: bytes=0-0' "$base/ok/small.txt"
expect_eq "Range 0-0" "$code $(hdr Content-Range) $(body)" "206 bytes 0-0/20 0"
s3get -H 'Range: bytes=-8' "$base/ok/big.bin"
expect_eq "suffix Range -8" "$code $(hdr Content-Range)" "206 bytes 149992-149999/150000"
tail -c 8 "$root/big.bin" | cmp -s - "$tmp/body" && pass "suffix Range body" || fail "suffix Range body"
s3get -H 'Range: bytes=20-30' "$base/ok/small.txt"
expect "Range past the end is 416" 416 0 '<Code>InvalidRange</Code>'
s3get -H 'Range: bytes=-0' "$base/ok/small.txt"
expect "Range -0 is 416" 416 0
s3get -H 'Range: bytes=0-3' "$base/ok/empty"
expect "Range on an empty object is 416" 416 0
s3get -H 'Range: bytes=1-2,4-5' "$base/ok/small.txt"
expect "multi-range is ignored (200 whole object)" 200 0 0123456789abcdefghij
s3get -H "If-Match: $small_etag" "$base/ok/small.txt"
expect "If-Match with the ETag" 200 0
s3get -H 'If-Match: "0123"' "$base/ok/small.txt"
expect "If-Match with another ETag is 412" 412 0 '<Code>PreconditionFailed</Code>'
s3get "$base/ok/nope.txt"
expect "missing key is 404 NoSuchKey" 404 0 '<Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>nope.txt</Key><RequestId>'
s3get -I "$base/ok/nope.txt"
expect "HEAD missing key is 404" 404 0
s3get "$base/ok/odd%20name%2B1.txt"
expect "percent-encoded key with space and +" 200 0 odd
s3get --path-as-is "$base/ok/dir/../small.txt"
expect "'..' in a key never leaves the folder" 404 0 NoSuchKey
s3get "$base/ok/..%2F..%2Fetc%2Fpasswd"
expect "encoded '..' in a key" 404 0 NoSuchKey
s3get -I "$base/ok"
expect "HEAD bucket" 200 0

# ---- S3 listing --------------------------------------------------------------------------------
s3get "$base/ok?list-type=2&prefix=dir%2F"
expect "ListObjectsV2 with prefix" 200 0 '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
expect_eq "listing keys in byte order" "$(grep -o '<Key>[^<]*</Key>' "$tmp/body" | tr -d '\n')" \
    '<Key>dir/a.txt</Key><Key>dir/b.txt</Key><Key>dir/sub/c.txt</Key>'
expect_eq "listing KeyCount / IsTruncated" "$(grep -o '<KeyCount>3</KeyCount><IsTruncated>false</IsTruncated>' "$tmp/body")" \
    '<KeyCount>3</KeyCount><IsTruncated>false</IsTruncated>'
grep -q '<Contents><Key>dir/b.txt</Key><LastModified>[0-9-]*T[0-9:]*\.000Z</LastModified><ETag>&quot;[0-9a-f]\{32\}&quot;</ETag><Size>2</Size><StorageClass>STANDARD</StorageClass></Contents>' "$tmp/body" &&
    pass "listing Contents fields" || fail "listing Contents fields" "$(body)"
# Page through everything two entries at a time; tokens must be percent-encoded.
keys=
pages=0
token=
while :; do
    if [ -z "$token" ]; then
        s3get "$base/ok?list-type=2&max-keys=2"
    else
        s3get -G --data-urlencode "continuation-token=$token" "$base/ok?list-type=2&max-keys=2"
    fi
    [ "$code" = 200 ] || break
    pages=$((pages + 1))
    keys+=$(grep -o '<Key>[^<]*</Key>' "$tmp/body" | sed 's/<[^>]*>//g' | tr '\n' ' ')
    token=$(sed -n 's/.*<NextContinuationToken>\([^<]*\)<.*/\1/p' "$tmp/body")
    [ -z "$token" ] && break
    [ $pages -gt 20 ] && break
done
want_keys=$(cd "$root" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | tr '\n' ' ')
expect_eq "paginated listing returns every file in byte order" "$keys" "$want_keys"
file_count=$(find "$root" -type f | wc -l)
expect_eq "paginated listing page count" "$pages" $(((file_count + 1) / 2))
s3get "$base/ok?list-type=2&max-keys=1&prefix=x"
token=$(sed -n 's/.*<NextContinuationToken>\([^<]*\)<.*/\1/p' "$tmp/body")
s3get "$base/ok?list-type=2&max-keys=1&prefix=x&continuation-token=$token"
expect "a raw '+' in a continuation token is refused" 400 0 '<Code>InvalidArgument</Code>'
s3get "$base/ok?list-type=2&continuation-token=bogus"
expect "a bogus continuation token is refused" 400 0 'continuation token'
s3get "$base/ok?delimiter=%2F&list-type=2&prefix="
expect "listing with delimiter" 200 0
expect_eq "delimiter: keys" "$(grep -o '<Key>[^<]*</Key>' "$tmp/body" | sed 's/<[^>]*>//g' | tr '\n' ' ')" \
    "big.bin empty odd name+1.txt small.txt x-z "
expect_eq "delimiter: CommonPrefixes" "$(grep -o '<CommonPrefixes><Prefix>[^<]*</Prefix></CommonPrefixes>' "$tmp/body" | sed 's/<[^>]*>//g' | tr '\n' ' ')" \
    "dir/ glue/ x/ "
expect_eq "delimiter: KeyCount counts prefixes" "$(sed -n 's/.*<KeyCount>\([0-9]*\)<.*/\1/p' "$tmp/body")" 8
s3get "$base/ok?delimiter=%2F&list-type=2&prefix=dir%2F"
expect_eq "delimiter under a prefix" "$(grep -o '<Key>[^<]*</Key>\|<CommonPrefixes><Prefix>[^<]*</Prefix>' "$tmp/body" | sed 's/<[^>]*>//g' | tr '\n' ' ')" \
    "dir/a.txt dir/b.txt dir/sub/ "
s3get "$base/ok?encoding-type=url&list-type=2&prefix=odd"
expect "encoding-type=url" 200 0 '<Key>odd+name%2B1.txt</Key>'

# ---- odd input ---------------------------------------------------------------------------------
s3get "$base/"
expect "GET / is 400 InvalidRequest" 400 0 '<Code>InvalidRequest</Code>'
s3get -X PUT -d x "$base/ok/new.txt"
expect "PUT is 400 InvalidRequest" 400 0 '<Code>InvalidRequest</Code>'
s3get "$base/ok"
expect "bucket GET without list-type=2 is 400" 400 0 '<Code>InvalidRequest</Code>'
s3get "$base/ok/%E0%A4%A"
expect "bad percent-encoding is 400 InvalidURI" 400 0 '<Code>InvalidURI</Code>'
s3get "$base/__nothing"
expect "unknown control path is 400" 400 0 '<Code>InvalidRequest</Code>'
exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GARBAGE \x01\x02\r\n\r\n' >&3 && head -c 12 <&3 >"$tmp/garbage"
exec 3>&-
expect_eq "garbage request gets 400" "$(cat "$tmp/garbage")" "HTTP/1.1 400"
s3get "$base/ok/small.txt"
expect "server still serves after garbage" 200 0

# ---- S3 fault scenarios ------------------------------------------------------------------------
for i in 1 2; do
    s3get "$base/fail500-2/small.txt"
    expect "fail500-2 GET #$i is 500" 500 0 '<Code>InternalError</Code>'
done
s3get "$base/fail500-2/small.txt"
expect "fail500-2 GET #3 succeeds" 200 0
s3get -I "$base/fail500-2/small.txt"
expect "fail500-2 counts HEAD separately" 500 0
s3get "$base/fail500-2/big.bin"
expect "fail500-2 counts keys separately" 500 0
expect_eq "counter fail500-2 GET small.txt" "$(stat_of 'fail500-2 GET small.txt')" 3
expect_eq "counter fail500-2 HEAD small.txt" "$(stat_of 'fail500-2 HEAD small.txt')" 1
for s in 502 503 504; do
    s3get "$base/fail$s-1/small.txt"
    expect "fail$s-1 GET #1" "$s" 0
    [ "$s" = 503 ] && expect "fail503 body" 503 0 '<Code>ServiceUnavailable</Code>'
    s3get "$base/fail$s-1/small.txt"
    expect "fail$s-1 GET #2 succeeds" 200 0
done
s3get "$base/slowdown/small.txt"
expect "slowdown GET #1 is 503 SlowDown" 503 0 '<Code>SlowDown</Code>'
expect_eq "slowdown Retry-After" "$(hdr Retry-After)" 1
s3get "$base/slowdown/small.txt"
expect "slowdown GET #2 succeeds" 200 0
s3get "$base/slowdown-2/small.txt"
s3get "$base/slowdown-2/small.txt"
expect "slowdown-2 GET #2 is 503" 503 0 SlowDown
s3get "$base/slowdown-2/small.txt"
expect "slowdown-2 GET #3 succeeds" 200 0
s3get "$base/throttle429/small.txt"
expect "throttle429 GET #1 is 429" 429 0 '<Code>TooManyRequests</Code>'
expect_eq "throttle429 Retry-After" "$(hdr Retry-After)" 1
s3get "$base/throttle429/small.txt"
expect "throttle429 GET #2 succeeds" 200 0
s3get "$base/reset-1/small.txt"
expect "reset-1 GET #1: connection reset (curl 56)" 000 56
s3get "$base/reset-1/small.txt"
expect "reset-1 GET #2 succeeds" 200 0
s3get -I "$base/reset-1/small.txt"
expect "reset-1 HEAD #1 is reset too" 000 56
for i in 1 2; do
    s3get "$base/close-2/small.txt"
    expect "close-2 GET #$i: empty reply (curl 52)" 000 52
done
s3get "$base/close-2/small.txt"
expect "close-2 GET #3 succeeds" 200 0
expect_eq "counter close-2 GET small.txt" "$(stat_of 'close-2 GET small.txt')" 3
for i in 1 2; do
    s3get "$base/truncated/big.bin"
    expect "truncated GET #$i: partial body (curl 18)" 200 18
done
expect_eq "truncated sent half the body" "$(body_size)" 75000
s3get -H 'Range: bytes=0-9' "$base/truncated/small.txt"
expect "truncated ranged GET (curl 18)" 206 18
expect_eq "truncated ranged GET half" "$(body)" 01234
s3get -I "$base/truncated/big.bin"
expect "truncated HEAD is normal" 200 0
s3get "$base/truncated-1/small.txt"
expect "truncated-1 GET #1 (curl 18)" 200 18
s3get "$base/truncated-1/small.txt"
expect "truncated-1 GET #2 succeeds" 200 0 0123456789abcdefghij
s3get -I "$base/slowbody/big.bin"
expect "slowbody HEAD is normal" 200 0
s3get --speed-limit 1000 --speed-time 1 "$base/slowbody/big.bin"
expect "slowbody GET: too slow (curl 28)" 200 28
s3get --max-time 1 "$base/hang/small.txt"
expect "hang GET: timeout (curl 28)" 000 28
s3get --max-time 1 -I "$base/hang/small.txt"
expect "hang HEAD: timeout (curl 28)" 000 28
for i in 1 2 3; do s3get "$base/always500/small.txt"; done
expect "always500 GET #3 is still 500" 500 0 InternalError
s3get -I "$base/etag-change/small.txt"
expect_eq "etag-change HEAD has the real ETag" "$(hdr ETag)" "$small_etag"
s3get "$base/etag-change/small.txt"
expect_eq "etag-change GET #1 has the real ETag" "$code $(hdr ETag)" "200 $small_etag"
s3get "$base/etag-change/small.txt"
changed=$(hdr ETag)
case $changed in '"changed'*'"') pass "etag-change GET #2 has another ETag" ;; *) fail "etag-change GET #2 has another ETag" "got $changed" ;; esac
s3get -H "If-Match: $small_etag" "$base/etag-change/small.txt"
expect "etag-change If-Match with the old ETag is 412" 412 0 PreconditionFailed
s3get -H "If-Match: $changed" "$base/etag-change/small.txt"
expect "etag-change If-Match with the new ETag" 200 0
s3get -H 'Range: bytes=0-9' "$base/short206/small.txt"
expect "short206 ranged GET (curl is content)" 206 0
expect_eq "short206 claims the range, sends one byte less" "$(hdr Content-Range) $(hdr Content-Length) $(body)" \
    "bytes 0-9/20 9 012345678"
s3get "$base/short206/small.txt"
expect "short206 whole GET is normal" 200 0 0123456789abcdefghij
s3get -H 'Range: bytes=2-5' "$base/ignore-range/small.txt"
expect "ignore-range answers 200 with the whole object" 200 0 0123456789abcdefghij
s3get "$base/denied/small.txt"
expect "denied GET" 403 0 '<Code>AccessDenied</Code>'
s3get "$base/denied?list-type=2"
expect "denied list" 403 0 '<Code>AccessDenied</Code>'
s3get "$base/badsig/small.txt"
expect "badsig GET" 403 0 '<Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>'
s3get "$base/fail500-1?list-type=2&max-keys=2"
expect "fail500-1 list page 1 #1" 500 0
s3get "$base/fail500-1?list-type=2&max-keys=2"
expect "fail500-1 list page 1 #2" 200 0
token=$(sed -n 's/.*<NextContinuationToken>\([^<]*\)<.*/\1/p' "$tmp/body")
s3get -G --data-urlencode "continuation-token=$token" "$base/fail500-1?list-type=2&max-keys=2"
expect "fail500-1 list page 2 fails once on its own" 500 0

# ---- Glue --------------------------------------------------------------------------------------
glue GetTable '{"DatabaseName":"ok","Name":"t"}'
expect "Glue GetTable ok" 200 0
cmp -s "$tmp/body" "$root/glue/GetTable/ok/t.json" && pass "Glue GetTable canned body" || fail "Glue GetTable canned body"
[ -n "$(hdr x-amzn-RequestId)" ] && pass "Glue x-amzn-RequestId" || fail "Glue x-amzn-RequestId"
expect_eq "Glue Content-Type" "$(hdr Content-Type)" application/x-amz-json-1.1
glue GetTable '{"DatabaseName":"ok","Name":"nope"}'
expect "Glue GetTable without canned file" 400 0 '"__type":"EntityNotFoundException"'
for i in 1 2; do
    glue GetTable '{"DatabaseName":"throttled-2","Name":"t"}'
    expect "Glue throttled-2 #$i" 400 0 '{"__type":"ThrottlingException","message":"Rate exceeded"}'
done
glue GetTable '{"DatabaseName":"throttled-2","Name":"t"}'
expect "Glue throttled-2 #3 succeeds" 200 0 '"DatabaseName":"throttled"'
expect_eq "counter throttled-2 POST GetTable" "$(stat_of 'throttled-2 POST GetTable')" 3
glue GetTable '{"DatabaseName":"denied","Name":"t"}'
expect_eq "Glue denied" "$code $(body)" '400 {"__type":"AccessDeniedException","Message":"User: arn:aws:iam::123456789012:user/ci is not authorized to perform: glue:GetTable on resource: arn:aws:glue:us-east-1:123456789012:table/denied/t"}'
glue GetTable '{"DatabaseName":"missing","Name":"t"}'
expect_eq "Glue missing" "$code $(body)" '400 {"__type":"com.amazonaws.glue#EntityNotFoundException:http://internal","message":"Table t not found."}'
glue GetPartitions '{"DatabaseName":"err500","TableName":"t"}'
expect_eq "Glue err500" "$code $(body)" '500 {"__type":"InternalServiceException","message":"Internal error"}'
glue GetPartitions '{"DatabaseName":"ok","TableName":"t","MaxResults":2}'
expect "Glue GetPartitions page 1" 200 0 '"NextToken":"page-2"'
glue GetPartitions '{"DatabaseName":"ok","TableName":"t","MaxResults":2,"NextToken":"page-2"}'
expect_eq "Glue GetPartitions page 2" "$code $(body)" '200 {"Partitions":[{"Values":["3"]}]}'
glue GetSchemaVersion '{"SchemaId":{"RegistryName":"ok-reg","SchemaName":"s"},"SchemaVersionNumber":{"LatestVersion":true}}'
expect "Glue GetSchemaVersion ok" 200 0 '"SchemaVersionId":"v1"'
glue GetSchemaVersion '{"SchemaId":{"SchemaArn":"arn:aws:glue:us-east-1:123456789012:schema/ok-reg/s"}}'
expect "Glue GetSchemaVersion by SchemaArn" 200 0 '"DataFormat":"JSON"'
glue GetSchemaVersion '{"SchemaId":{"RegistryName":"throttled-1","SchemaName":"s"}}'
expect "Glue GetSchemaVersion throttled-1" 400 0 ThrottlingException
glue GetTable '{"DatabaseName":"reset-1","Name":"t"}'
expect "Glue reset-1 (curl 56)" 000 56
glue GetTable '{"DatabaseName":"close-1","Name":"t"}'
expect "Glue close-1 (curl 52)" 000 52
glue GetTable '{"DatabaseName":"hang","Name":"t"}' --max-time 1
expect "Glue hang (curl 28)" 000 28
glue GetTable '{"DatabaseName":'
expect "Glue bad JSON" 400 0 SerializationException
glue GetTable '{"Name":"t"}'
expect "Glue missing DatabaseName" 400 0 InvalidInputException
glue DeleteTable '{"DatabaseName":"ok","Name":"t"}'
expect "Glue unknown operation" 400 0 UnknownOperationException
req -H 'Content-Type: application/x-amz-json-1.1' -H 'X-Amz-Target: AWSGlue.GetTable' \
    --data-binary '{"DatabaseName":"ok","Name":"t"}' "$base/"
expect "Glue unsigned" 400 0 MissingAuthenticationTokenException
req --aws-sigv4 aws:amz:us-east-1:glue --user AK:SK -H 'X-Amz-Target: AWSGlue.GetTable' \
    -H 'Content-Type: application/json' --data-binary '{"DatabaseName":"ok","Name":"t"}' "$base/"
expect "Glue wrong Content-Type" 400 0 SerializationException

# ---- control endpoints, stdout, shutdown -------------------------------------------------------
req -X POST "$base/__reset"
expect "POST /__reset" 200 0
req "$base/__stats"
expect_eq "stats are empty after reset" "$code $(body)" "200 {}"
s3get "$base/fail500-1/small.txt"
expect_eq "counters restart after reset" "$code $(stat_of 'fail500-1 GET small.txt')" "500 1"
curl -sS --max-time 5 "$base/hang/small.txt" >/dev/null 2>&1 &
hanging=$!
sleep 0.2
t0=$(date +%s%N)
kill -TERM "$server_pid"
wait "$server_pid"
status=$?
elapsed_ms=$((($(date +%s%N) - t0) / 1000000))
server_pid=
wait "$hanging" 2>/dev/null
[ "$elapsed_ms" -lt 1000 ] && pass "SIGTERM stops the server at once (${elapsed_ms} ms, exit $status)" ||
    fail "SIGTERM stops the server at once" "took ${elapsed_ms} ms"
expect_eq "stdout holds only the ready line" "$(cat "$tmp/server.out")" "fault server listening on 127.0.0.1:$port"
expect_eq "stderr is empty without --verbose" "$(cat "$tmp/server.err")" ""

start_server "$tmp/verbose.out" "$tmp/verbose.err" --root "$root" --verbose
base="http://127.0.0.1:$port"
s3get "$base/ok/small.txt"
kill -INT "$server_pid"
wait "$server_pid"
server_pid=
grep -q 'GET /ok/small.txt -> 200' "$tmp/verbose.err" && pass "--verbose logs requests to stderr" ||
    fail "--verbose logs requests to stderr" "$(cat "$tmp/verbose.err")"
expect_eq "--verbose keeps stdout to the ready line" "$(wc -l <"$tmp/verbose.out" | tr -d ' ')" 1
node "$server_js" >/dev/null 2>&1
expect_eq "no --root is a usage error (exit 2)" "$?" 2
node "$server_js" --root "$root/small.txt" >/dev/null 2>&1
expect_eq "--root must be a folder (exit 2)" "$?" 2

echo "1..$n"
if [ "$failed" -ne 0 ]; then
    echo "# $failed of $n checks failed"
    exit 1
fi
