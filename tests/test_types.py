"""mypy holds to its contract in every test run, not only in CI and `make lint`: `--strict` for the engine and the
vocabulary package, every other module at most as many errors as `.ci/mypy-baseline.json` records (see
`.ci/typecheck.py`; `python .ci/typecheck.py --update` lowers the baseline after a fix or a move)."""

import subprocess
import sys

from tests.source_tree import ROOT


def test_mypy_stays_within_its_baseline():
    result = subprocess.run(
        [sys.executable, ".ci/typecheck.py"], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
