#!/usr/bin/env bash
# tests/registry/run_git_cases.sh: `schemagate registry check --against REV` and
# `schemagate registry add` on temporary git repositories, with the exact exit code and
# message of each case; prints TAP.
#
# Every repository is made under one mktemp folder with `git -c init.defaultBranch=main init`
# and an author and committer set in the environment: no global or system git configuration is
# read (HOME, GIT_CONFIG_GLOBAL and GIT_CONFIG_NOSYSTEM point away from it).
#
# usage: run_git_cases.sh SCHEMAGATE_BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v git >/dev/null || { echo "1..0 # SKIP git is not installed"; exit 0; }
py=/usr/bin/python3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=Tester GIT_AUTHOR_EMAIL=tester@example.com
export GIT_COMMITTER_NAME=Tester GIT_COMMITTER_EMAIL=tester@example.com
export GIT_AUTHOR_DATE="2024-01-01T00:00:00Z" GIT_COMMITTER_DATE="2024-01-01T00:00:00Z"
export GIT_CEILING_DIRECTORIES="$tmp"
mkdir -p "$HOME"

n=0
failed=0
# Each case runs in a subshell that prints nothing on success and the reason on failure.
run_case() {
    local name=$1
    n=$((n + 1))
    local why
    why=$("$name" 2>&1)
    if [ -z "$why" ]; then
        echo "ok $n - ${name#case_}"
    else
        echo "not ok $n - ${name#case_}"
        printf '%s\n' "$why" | sed 's/^/# /'
        failed=1
    fi
}

# The schemas ---------------------------------------------------------------------------------

v1='{
  "type": "record",
  "name": "Order",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "total", "type": "double"}
  ]
}'
# v1 and an optional field: compatible under every mode.
v2_ok='{
  "type": "record",
  "name": "Order",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "total", "type": "double"},
    {"name": "note", "type": ["null", "string"], "default": null}
  ]
}'
# v1 and a field without a default: the new schema cannot read old data (breaks BACKWARD).
v2_bad='{
  "type": "record",
  "name": "Order",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "total", "type": "double"},
    {"name": "channel", "type": "string"}
  ]
}'
config='root: schemas
defaults:
  mode: BACKWARD
subjects:
  orders:
    format: avro
    mode: FULL
'

# new_repo DIR [SUBFOLDER]: a repository with the registry (config + v1) in DIR/SUBFOLDER,
# committed on main.
new_repo() {
    local dir=$1 sub=${2:-.}
    mkdir -p "$dir/$sub/schemas/orders"
    git -c init.defaultBranch=main init -q "$dir"
    printf '%s' "$config" >"$dir/$sub/schemagate.yaml"
    printf '%s\n' "$v1" >"$dir/$sub/schemas/orders/v1.avsc"
    commit "$dir" "registry with orders v1"
}

commit() {
    git -C "$1" add -A && git -C "$1" commit -q -m "$2"
}

# check DIR ARGS...: runs schemagate in DIR; sets code, out, err.
check() {
    local dir=$1
    shift
    (cd "$dir" && "$bin" "$@") >"$tmp/out" 2>"$tmp/err"
    code=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

# expect CODE STDOUT [STDERR]: compares with the last run (STDERR only when given).
expect() {
    if [ "$code" != "$1" ]; then
        echo "exit code $code, expected $1"
        echo "stdout: $out"
        echo "stderr: $err"
        return
    fi
    if [ "$out" != "$2" ]; then
        echo "stdout differs:"
        diff <(printf '%s\n' "$2") <(printf '%s\n' "$out")
    fi
    if [ $# -ge 3 ] && [ "$err" != "$3" ]; then
        echo "stderr differs:"
        diff <(printf '%s\n' "$3") <(printf '%s\n' "$err")
    fi
}

# The cases -------------------------------------------------------------------------------------

case_unchanged_registry_passes() {
    local d=$tmp/unchanged
    new_repo "$d"
    check "$d" registry check --against HEAD
    expect 0 "" "schemagate: registry check --against: 5 checks on 1 subject: no violations"
}

case_compatible_add_passes() {
    local d=$tmp/compatible
    new_repo "$d"
    printf '%s\n' "$v2_ok" >"$d/schemas/orders/v2.avsc"
    check "$d" registry check --against HEAD
    expect 0 "" "schemagate: registry check --against: 7 checks on 1 subject: no violations"
    # Committed, the same against the commit before.
    commit "$d" "orders v2"
    check "$d" registry check --against HEAD~1
    expect 0 ""
}

case_edit_in_place_of_a_published_version() {
    local d=$tmp/edit
    new_repo "$d"
    sed -i 's/"double"/"float"/' "$d/schemas/orders/v1.avsc"
    check "$d" registry check --against HEAD
    expect 1 "schemas/orders/v1.avsc:6:1: orders: v1, published at HEAD, was edited (first difference at line 6): published versions are immutable; restore it with git checkout HEAD -- schemas/orders/v1.avsc and add the change as a new version" \
        "schemagate: registry check --against: 5 checks on 1 subject: 1 violation"
}

case_whitespace_edit_is_an_edit() {
    local d=$tmp/whitespace
    new_repo "$d"
    printf '\n' >>"$d/schemas/orders/v1.avsc"
    check "$d" registry check --against HEAD
    expect 1 "schemas/orders/v1.avsc:9:1: orders: v1, published at HEAD, was edited (first difference at line 9): published versions are immutable; restore it with git checkout HEAD -- schemas/orders/v1.avsc and add the change as a new version"
}

case_delete_of_a_published_version() {
    local d=$tmp/delete
    new_repo "$d"
    printf '%s\n' "$v2_ok" >"$d/schemas/orders/v2.avsc"
    commit "$d" "orders v2"
    rm "$d/schemas/orders/v2.avsc"
    check "$d" registry check --against HEAD
    expect 1 "schemas/orders/v2.avsc: orders: v2, published at HEAD, was deleted: published versions are immutable; restore it with git checkout HEAD -- schemas/orders/v2.avsc"
}

case_delete_of_the_first_version_leaves_a_gap() {
    local d=$tmp/delete-first
    new_repo "$d"
    printf '%s\n' "$v2_ok" >"$d/schemas/orders/v2.avsc"
    commit "$d" "orders v2"
    git -C "$d" rm -q schemas/orders/v1.avsc
    check "$d" registry check --against HEAD
    expect 1 "schemas/orders/v2.avsc: orders: version 1 is missing: the versions are numbered without gaps from v1, and v2.avsc follows nothing
schemas/orders/v1.avsc: orders: v1, published at HEAD, was deleted: published versions are immutable; restore it with git checkout HEAD -- schemas/orders/v1.avsc"
}

case_subject_rename() {
    local d=$tmp/rename
    new_repo "$d"
    sed -i 's/^  orders:/  purchases:/' "$d/schemagate.yaml"
    git -C "$d" mv schemas/orders schemas/purchases
    check "$d" registry check --against HEAD
    expect 1 "schemagate.yaml:5:3: orders: subject orders (1 published version at HEAD) was renamed to purchases: producers and consumers find a subject by its name; keep orders and add a new subject beside it"
}

case_subject_removal() {
    local d=$tmp/removal
    new_repo "$d"
    printf 'root: schemas\nsubjects: {}\n' >"$d/schemagate.yaml"
    rm -r "$d/schemas/orders"
    check "$d" registry check --against HEAD
    expect 1 "schemagate.yaml:2:1: orders: subject orders (1 published version at HEAD) was removed from the config: subjects are never removed, since readers of its data still need it"
}

case_subject_removed_but_folder_kept() {
    local d=$tmp/removal-folder
    new_repo "$d"
    printf 'root: schemas\nsubjects:\n  orderz:\n    format: avro\n' >"$d/schemagate.yaml"
    check "$d" registry check --against HEAD
    expect 1 "schemagate.yaml:2:1: orders: subject orders (1 published version at HEAD) was removed from the config: subjects are never removed, since readers of its data still need it
schemas/orders: no subject of schemagate.yaml is called orders (did you mean orderz?)"
}

case_loosened_mode() {
    local d=$tmp/loosened
    new_repo "$d"
    sed -i 's/mode: FULL$/mode: BACKWARD/' "$d/schemagate.yaml"
    check "$d" registry check --against HEAD
    expect 1 "schemagate.yaml:7:11: orders: mode loosened from FULL (at HEAD) to BACKWARD: old readers need no longer read data written with new versions"
}

case_loosened_mode_through_defaults() {
    local d=$tmp/loosened-defaults
    new_repo "$d"
    # The subject's own mode goes; it falls back to the defaults' NONE.
    printf 'root: schemas\ndefaults:\n  mode: NONE\nsubjects:\n  orders:\n    format: avro\n' \
        >"$d/schemagate.yaml"
    check "$d" registry check --against HEAD
    expect 1 "schemagate.yaml:3:9: orders: mode loosened from FULL (at HEAD) to NONE: new versions need no longer read data written with the old ones; old readers need no longer read data written with new versions"
}

case_tightened_mode_passes() {
    local d=$tmp/tightened
    new_repo "$d"
    sed -i 's/mode: FULL$/mode: FULL_TRANSITIVE/' "$d/schemagate.yaml"
    check "$d" registry check --against HEAD
    expect 0 ""
}

case_direction_change_is_loosening() {
    local d=$tmp/direction
    new_repo "$d"
    sed -i 's/mode: FULL$/mode: BACKWARD_TRANSITIVE/' "$d/schemagate.yaml"
    check "$d" registry check --against HEAD
    expect 1 "schemagate.yaml:7:11: orders: mode loosened from FULL (at HEAD) to BACKWARD_TRANSITIVE: old readers need no longer read data written with new versions"
}

case_breaking_add() {
    local d=$tmp/breaking
    new_repo "$d"
    printf '%s\n' "$v2_bad" >"$d/schemas/orders/v2.avsc"
    check "$d" registry check --against HEAD
    expect 1 "schemas/orders/v2.avsc:7:5: orders: v2 breaks FULL compatibility with v1 (avro rules): channel: field added without a default: the new schema cannot read old data, which lacks it (add a default)" \
        "schemagate: registry check --against: 7 checks on 1 subject: 1 violation"
}

case_breaking_commit_on_a_branch_against_main() {
    local d=$tmp/branch
    new_repo "$d"
    git -C "$d" checkout -q -b feature
    printf '%s\n' "$v2_bad" >"$d/schemas/orders/v2.avsc"
    commit "$d" "orders v2, breaking"
    check "$d" registry check --against main
    expect 1 "schemas/orders/v2.avsc:7:5: orders: v2 breaks FULL compatibility with v1 (avro rules): channel: field added without a default: the new schema cannot read old data, which lacks it (add a default)"
    # Against its own commit, the breaking version is published: only the plain check sees it.
    check "$d" registry check --against HEAD
    expect 0 ""
    check "$d" registry check
    expect 1 "schemas/orders/v2.avsc:7:5: orders: v2 breaks FULL compatibility with v1 (avro rules): channel: field added without a default: the new schema cannot read old data, which lacks it (add a default)"
}

case_registry_in_a_subfolder() {
    local d=$tmp/subfolder
    new_repo "$d" data/registry
    printf '%s\n' "$v2_bad" >"$d/data/registry/schemas/orders/v2.avsc"
    local line="v2 breaks FULL compatibility with v1 (avro rules): channel: field added without a default: the new schema cannot read old data, which lacks it (add a default)"
    # From the repository's top, naming the config.
    check "$d" registry check --config data/registry/schemagate.yaml --against HEAD
    expect 1 "data/registry/schemas/orders/v2.avsc:7:5: orders: $line"
    # From inside the registry's folder.
    check "$d/data/registry" registry check --against HEAD
    expect 1 "schemas/orders/v2.avsc:7:5: orders: $line"
    # From elsewhere in the repository; SARIF's URI is from the repository's top either way.
    mkdir -p "$d/tools"
    check "$d/tools" registry check --config ../data/registry/schemagate.yaml --against HEAD \
        --format sarif
    [ "$code" = 1 ] || echo "sarif: exit $code"
    $py - "$tmp/out" <<'PY' || echo "sarif: wrong URI"
import json, sys
doc = json.load(open(sys.argv[1]))
uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
assert uri == "data/registry/schemas/orders/v2.avsc", uri
PY
    # Published versions in the subfolder are compared, too.
    commit "$d" "orders v2"
    sed -i 's/"double"/"float"/' "$d/data/registry/schemas/orders/v1.avsc"
    check "$d" registry check --config data/registry/schemagate.yaml --against HEAD
    expect 1 "data/registry/schemas/orders/v1.avsc:6:1: orders: v1, published at HEAD, was edited (first difference at line 6): published versions are immutable; restore it with git checkout HEAD -- data/registry/schemas/orders/v1.avsc and add the change as a new version"
}

case_new_registry_has_no_history() {
    local d=$tmp/new-registry
    mkdir -p "$d"
    git -c init.defaultBranch=main init -q "$d"
    printf 'readme\n' >"$d/README"
    commit "$d" "before the registry"
    mkdir -p "$d/schemas/orders"
    printf '%s' "$config" >"$d/schemagate.yaml"
    printf '%s\n' "$v1" >"$d/schemas/orders/v1.avsc"
    printf '%s\n' "$v2_ok" >"$d/schemas/orders/v2.avsc"
    check "$d" registry check --against HEAD
    expect 0 ""
}

case_outside_a_git_repository() {
    local d=$tmp/no-git
    mkdir -p "$d/schemas/orders"
    printf '%s' "$config" >"$d/schemagate.yaml"
    printf '%s\n' "$v1" >"$d/schemas/orders/v1.avsc"
    check "$d" registry check --against HEAD
    expect 2 "" "schemagate: error: schemagate.yaml: --against HEAD: the registry is not in a git repository"
    # Without --against, no git is needed.
    check "$d" registry check
    expect 0 ""
}

case_unknown_revision() {
    local d=$tmp/unknown-rev
    new_repo "$d"
    check "$d" registry check --against no-such-branch
    expect 2 "" "schemagate: error: schemagate.yaml: --against no-such-branch: unknown git revision (no commit of that name in the repository)"
    check "$d" registry check --against=-p
    expect 2 "" "schemagate: error: schemagate.yaml: --against '-p' is no git revision"
}

case_repository_without_commits() {
    local d=$tmp/no-commits
    mkdir -p "$d/schemas/orders"
    git -c init.defaultBranch=main init -q "$d"
    printf '%s' "$config" >"$d/schemagate.yaml"
    printf '%s\n' "$v1" >"$d/schemas/orders/v1.avsc"
    check "$d" registry check --against HEAD
    expect 2 "" "schemagate: error: schemagate.yaml: --against HEAD: unknown git revision (no commit of that name in the repository)"
}

case_invalid_config_is_an_input_error() {
    local d=$tmp/bad-config
    new_repo "$d"
    sed -i 's/    format: avro/    fromat: avro/' "$d/schemagate.yaml"
    check "$d" registry check --against HEAD
    expect 2 "" "schemagate: error: schemagate.yaml:6:5: /subjects/orders: unknown key \"fromat\" (did you mean format?); the keys here are format, mode, rules, versions"
}

case_invalid_config_at_the_revision() {
    local d=$tmp/bad-old-config
    new_repo "$d"
    sed -i 's/    format: avro/    format: avor/' "$d/schemagate.yaml"
    commit "$d" "a broken config slipped in"
    sed -i 's/    format: avor/    format: avro/' "$d/schemagate.yaml"
    check "$d" registry check --against HEAD
    expect 2 "" "schemagate: error: HEAD:schemagate.yaml:6:13: /subjects/orders/format: unknown format \"avor\" (did you mean avro?); the formats are model, avro, glue, cfn, spark, ddl, hive"
    # Against the commit before it, all is well.
    check "$d" registry check --against HEAD~1
    expect 0 ""
}

case_version_that_does_not_load() {
    local d=$tmp/no-load
    new_repo "$d"
    printf '{"type": "record", "name": "Order", "fields": [\n  {"name": "id", "type": "lon"}\n]}\n' \
        >"$d/schemas/orders/v2.avsc"
    check "$d" registry check --against HEAD
    expect 2 "schemas/orders/v2.avsc:2:26: orders: v2 does not load as avro: /fields/0/type: unknown type \"lon\"; a named type must be defined before use" \
        "schemagate: registry check --against: 6 checks on 1 subject: 1 version that does not load"
}

case_cloudformation_change_located_in_yaml() {
    local d=$tmp/cfn
    mkdir -p "$d/schemas/orders_table"
    git -c init.defaultBranch=main init -q "$d"
    printf 'subjects:\n  orders_table:\n    format: cfn\n    rules: athena-parquet\n' \
        >"$d/schemagate.yaml"
    cat >"$d/schemas/orders_table/v1.yaml" <<'YAML'
Resources:
  OrdersTable:
    Type: AWS::Glue::Table
    Properties:
      DatabaseName: shop
      TableInput:
        Name: orders
        Parameters:
          classification: parquet
        StorageDescriptor:
          Columns:
            - Name: order_id
              Type: bigint
            - Name: total
              Type: decimal(12,2)
YAML
    commit "$d" "orders_table v1"
    sed 's/decimal(12,2)/string/' "$d/schemas/orders_table/v1.yaml" >"$d/schemas/orders_table/v2.yaml"
    check "$d" registry check --against HEAD
    if [ "$code" != 1 ]; then
        echo "exit $code: $out $err"
    fi
    case "$out" in
    "schemas/orders_table/v2.yaml:14:15: orders_table: v2 breaks BACKWARD compatibility with v1 (athena-parquet rules): total: "*) ;;
    *) echo "unexpected: $out" ;;
    esac
}

# All four formats for one breaking commit: a changed type at line 6 (the type, column 31) and an
# added field at line 7.
case_output_formats_for_a_breaking_commit() {
    local d=$tmp/formats
    new_repo "$d"
    sed -e 's/"double"/"string"/' <<<"$v2_bad" >"$d/schemas/orders/v2.avsc"
    commit "$d" "orders v2, breaking"
    local text1="schemas/orders/v2.avsc:6:31: orders: v2 breaks FULL compatibility with v1 (avro rules): total: type changed from float64 to string: readable neither way"
    check "$d" registry check --against HEAD~1
    [ "$code" = 1 ] || echo "text: exit $code"
    case "$out" in "$text1"*) ;; *) echo "text: unexpected $out" ;; esac
    [ "$(printf '%s\n' "$out" | wc -l)" = 2 ] || echo "text: expected 2 lines: $out"

    check "$d" registry check --against HEAD~1 --format json
    [ "$code" = 1 ] || echo "json: exit $code"
    $py - "$tmp/out" <<'PY' || echo "json: invalid"
import json, sys
findings = json.load(open(sys.argv[1]))
assert isinstance(findings, list) and len(findings) == 2, findings
for f in findings:
    for key in ("subject", "file", "line", "column", "path", "kind", "message", "breaking"):
        assert key in f, key
first, second = findings
assert first["subject"] == "orders" and first["file"] == "schemas/orders/v2.avsc", first
assert (first["line"], first["column"], first["path"]) == (6, 31, "total"), first
assert first["kind"] == "incompatible" and first["breaking"] is True, first
assert (second["line"], second["path"]) == (7, "channel"), second
PY

    check "$d" registry check --against HEAD~1 --format sarif
    [ "$code" = 1 ] || echo "sarif: exit $code"
    $py - "$tmp/out" <<'PY' || echo "sarif: invalid"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == "2.1.0", doc.get("version")
assert "sarif-2.1.0" in doc["$schema"]
run = doc["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] == "schemagate"
rules = driver["rules"]
assert rules and all("id" in r and "shortDescription" in r for r in rules)
ids = [r["id"] for r in rules]
results = run["results"]
assert len(results) == 2, results
for r in results:
    assert r["level"] == "error"
    assert r["ruleId"] in ids and ids[r["ruleIndex"]] == r["ruleId"]
    assert r["message"]["text"].startswith("orders: v2 breaks FULL compatibility with v1")
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "schemas/orders/v2.avsc", loc
    assert isinstance(loc["region"]["startLine"], int) and isinstance(loc["region"]["startColumn"], int)
assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [6, 7]
PY

    check "$d" registry check --against HEAD~1 --format junit
    [ "$code" = 1 ] || echo "junit: exit $code"
    $py - "$tmp/out" <<'PY' || echo "junit: invalid"
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
suites = {s.get("name"): s for s in root.findall("testsuite")}
orders = suites["orders"]
cases = orders.findall("testcase")
assert int(orders.get("tests")) == len(cases) and len(cases) >= 4, len(cases)
assert int(orders.get("failures")) == 1, orders.get("failures")
failed = [c for c in cases if c.find("failure") is not None]
assert len(failed) == 1 and failed[0].get("name") == "v2 is compatible with v1 under FULL"
failure = failed[0].find("failure")
assert failure.get("type") == "incompatible"
assert "total" in failure.get("message") and "channel" in failure.text
assert int(root.get("failures")) == 1 and int(root.get("errors")) == 0
PY

    # --output writes the same to a file; the exit code still says what was found.
    check "$d" registry check --against HEAD~1 --format sarif --output "$tmp/results.sarif"
    [ "$code" = 1 ] || echo "--output: exit $code"
    [ -z "$out" ] || echo "--output: stdout not empty"
    $py -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/results.sarif" || echo "--output: not JSON"
}

case_unknown_report_format() {
    local d=$tmp/unknown-format
    new_repo "$d"
    check "$d" registry check --format xml
    expect 2 "" "schemagate: usage error: unknown report format 'xml' (text, json, junit, sarif)
Run 'schemagate registry --help' for usage."
}

# registry add --------------------------------------------------------------------------------

case_add_writes_the_next_version() {
    local d=$tmp/add
    new_repo "$d"
    printf '%s\n' "$v2_ok" >"$tmp/add-v2.avsc"
    check "$d" registry add orders "$tmp/add-v2.avsc"
    expect 0 "orders: added schemas/orders/v2.avsc" ""
    cmp -s "$tmp/add-v2.avsc" "$d/schemas/orders/v2.avsc" || echo "v2 is not a byte-for-byte copy"
    [ "$(ls -A "$d/schemas/orders" | tr '\n' ' ')" = "v1.avsc v2.avsc " ] ||
        echo "unexpected files: $(ls -A "$d/schemas/orders")"
    # The added version passes the gate.
    check "$d" registry check --against HEAD
    expect 0 ""
    # Adding it again: the same schema, nothing written.
    check "$d" registry add orders "$tmp/add-v2.avsc"
    expect 0 "orders: $tmp/add-v2.avsc is the same schema as schemas/orders/v2.avsc: nothing added"
    [ "$(ls -A "$d/schemas/orders" | wc -l)" = 2 ] || echo "something was written"
}

case_add_of_a_breaking_version_writes_nothing() {
    local d=$tmp/add-bad
    new_repo "$d"
    printf '%s\n' "$v2_bad" >"$tmp/add-bad.avsc"
    local before
    before=$(ls -A "$d/schemas/orders")
    check "$d" registry add orders "$tmp/add-bad.avsc"
    expect 1 "$tmp/add-bad.avsc:7:5: orders: v2 breaks FULL compatibility with v1 (avro rules): channel: field added without a default: the new schema cannot read old data, which lacks it (add a default)" \
        "schemagate: error: orders: $tmp/add-bad.avsc was not added: it breaks the subject's compatibility mode"
    [ "$(ls -A "$d/schemas/orders")" = "$before" ] || echo "files changed: $(ls -A "$d/schemas/orders")"
    [ -z "$(git -C "$d" status --porcelain)" ] || echo "the tree changed: $(git -C "$d" status --porcelain)"
}

case_add_errors() {
    local d=$tmp/add-errors
    new_repo "$d"
    printf '%s\n' "$v2_ok" >"$tmp/add-ok.avsc"
    printf '{"type": "record"\n' >"$tmp/add-broken.avsc"
    check "$d" registry add order "$tmp/add-ok.avsc"
    expect 2 "" "schemagate: error: schemagate.yaml: no subject \"order\" (did you mean orders?); add it under \`subjects:\` first"
    check "$d" registry add orders "$tmp/add-broken.avsc"
    [ "$code" = 2 ] || echo "broken file: exit $code"
    case "$err" in "schemagate: error: $tmp/add-broken.avsc:"*) ;; *) echo "broken file: $err" ;; esac
    check "$d" registry add orders "$tmp/missing.avsc"
    [ "$code" = 2 ] || echo "missing file: exit $code"
    check "$d" registry add orders
    expect 2 "" "schemagate: usage error: missing argument
Run 'schemagate registry --help' for usage."
    [ -z "$(git -C "$d" status --porcelain)" ] || echo "the tree changed: $(git -C "$d" status --porcelain)"
}

case_add_into_a_read_only_folder_leaves_nothing() {
    local d=$tmp/add-readonly
    new_repo "$d"
    if [ "$(id -u)" = 0 ]; then
        return # root writes anyway
    fi
    printf '%s\n' "$v2_ok" >"$tmp/add-ro.avsc"
    chmod 555 "$d/schemas/orders"
    check "$d" registry add orders "$tmp/add-ro.avsc"
    chmod 755 "$d/schemas/orders"
    [ "$code" = 3 ] || echo "exit $code, expected 3: $err"
    [ "$(ls -A "$d/schemas/orders")" = "v1.avsc" ] || echo "left behind: $(ls -A "$d/schemas/orders")"
}

for c in $(declare -F | awk '{print $3}' | grep '^case_'); do
    run_case "$c"
done
echo "1..$n"
exit $failed
