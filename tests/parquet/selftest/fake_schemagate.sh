#!/usr/bin/env bash
# tests/parquet/selftest/fake_schemagate.sh: stands in for `schemagate cat` so that compare.sh's own
# logic can be tested before the reader exists. It answers from the files compare.sh compares
# with: a fixture's .jsonl or .error, expected/<name>.jsonl, corpus.txt's error:TEXT, or the
# oracle's rendering. FAKE_ORACLE_DIR and FAKE_CORPUS_DIR say where the oracle output and the
# corpus are; FAKE_BREAK=NAME changes one line of NAME's output, to check that a difference is
# caught.
set -u
# compare.sh also asks for inspect and infer on every file it reads: the fake describes nothing.
case "${1:-}" in inspect | infer) exit 0 ;; esac
[ "${1:-}" = cat ] && [ $# -eq 2 ] || { echo "usage: $0 cat FILE" >&2; exit 2; }
file=$2
here=$(cd "$(dirname "$0")/.." && pwd)
name=$(basename "$file" .parquet)
rel=${file#"${FAKE_CORPUS_DIR:-/nonexistent}"/}
status=$(awk -v p="$rel" '$1 == p { print $2 }' "$here/corpus.txt")
case "$status" in
error:*)
    echo "schemagate: error: $file: ${status#error:} (fake)" >&2
    exit 2
    ;;
esac
if [ -f "${file%.parquet}.error" ]; then
    echo "schemagate: error: $file: $(head -n 1 "${file%.parquet}.error") (fake)" >&2
    exit 2
elif [ -f "${file%.parquet}.jsonl" ]; then
    src=${file%.parquet}.jsonl
elif [ -f "$here/expected/$name.jsonl" ]; then
    src=$here/expected/$name.jsonl
elif [ -f "${FAKE_ORACLE_DIR:-/nonexistent}/${rel%.parquet}.jsonl" ]; then
    src=$FAKE_ORACLE_DIR/${rel%.parquet}.jsonl
else
    echo "schemagate: error: $file: cannot read (fake)" >&2
    exit 3
fi
if [ "${FAKE_BREAK:-}" = "$name" ]; then
    sed '1s/.$/,"extra":1}/' "$src"
else
    cat "$src"
fi
