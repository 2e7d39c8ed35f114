#!/usr/bin/env bash
# tests/guide/check_example_python.sh PYTHON EXAMPLE_DIR: the orders example's Python compiles,
# and its pytest suite passes where pytest is installed (python3-pytest; tools/dev installs it).
# Without PySpark, as on the project's machines, the Spark tests skip themselves; the full suite
# runs in the Glue 5 container (examples/orders/README.md).
set -euo pipefail
python="$1"
example="$2"
export PYTHONDONTWRITEBYTECODE=1
cd "$example"
# Syntax of every file, the Spark ones included: compiled in memory, nothing written.
"$python" - <<'PY'
import pathlib, sys
for path in sorted(pathlib.Path(".").rglob("*.py")):
    compile(path.read_text(encoding="utf-8"), str(path), "exec")
print("compiled", len(list(pathlib.Path(".").rglob("*.py"))), "files")
PY
if "$python" -c 'import pytest' 2>/dev/null; then
    "$python" -m pytest -q -p no:cacheprovider
else
    echo "pytest not installed: only the syntax was checked"
fi
