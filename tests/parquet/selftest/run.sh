#!/usr/bin/env bash
# tests/parquet/selftest/run.sh: tests compare.sh itself with fake_schemagate.sh: every check must
# pass when the fake answers correctly, and exactly the broken file must fail when FAKE_BREAK
# alters one line (a fixture and a corpus file in turn). Prints TAP.
#
# usage: run.sh CORPUS_DIR [WORK_DIR]
set -u
here=$(cd "$(dirname "$0")" && pwd)
corpus=$1
work=${2:-$(mktemp -d)}
mkdir -p "$work"
oracle=$work/oracle
fake=$here/fake_schemagate.sh
compare=$here/../compare.sh
export FAKE_ORACLE_DIR=$oracle FAKE_CORPUS_DIR=$corpus
n=0
failed=0
result() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}

echo "1..4"
FAKE_BREAK= "$compare" "$fake" "$corpus" "$here/../fixtures" "$oracle" >"$work/all.tap"
rc=$?
[ $rc -eq 0 ] && ! grep -q '^not ok' "$work/all.tap"
result $? "compare.sh passes when cat answers like the oracle ($(grep -c '^ok' "$work/all.tap") ok, $(grep -c '# SKIP' "$work/all.tap") skipped)"
grep -qF 'is not installed' "$work/all.tap" && echo "# note: DuckDB is not installed, corpus checks were skipped"

# The oracle of the first run serves the others.
export SG_ORACLE_REUSE=1
for broken in nested alltypes_plain; do
    FAKE_BREAK=$broken "$compare" "$fake" "$corpus" "$here/../fixtures" "$oracle" >"$work/$broken.tap"
    rc=$?
    bad=$(grep '^not ok' "$work/$broken.tap")
    if grep -qF 'is not installed' "$work/all.tap" && [ "$broken" = alltypes_plain ]; then
        echo "ok $((n + 1)) - a changed line in $broken fails # SKIP DuckDB is not installed"
        n=$((n + 1))
        continue
    fi
    [ $rc -ne 0 ] && [ "$(printf '%s\n' "$bad" | wc -l)" -eq 1 ] && printf '%s\n' "$bad" | grep -q "$broken"
    result $? "a changed line in $broken fails exactly that check"
    grep -A3 '^not ok' "$work/$broken.tap" | sed 's/^/#   /'
done

# An error file answered with rows must fail too.
cat >"$work/never_fails.sh" <<'EOS'
#!/usr/bin/env bash
echo '{}'
EOS
chmod +x "$work/never_fails.sh"
"$compare" "$work/never_fails.sh" "$corpus" "$here/../fixtures" "$oracle" >"$work/never.tap"
grep -q '^not ok .*uniform_encryption.parquet.encrypted' "$work/never.tap"
result $? "an encrypted file that cat reads without error fails"

[ $failed -eq 0 ]
