"""Run mypy over the project and hold it to its baseline.

Usage: ``python .ci/typecheck.py`` (``make typecheck``; part of ``make lint`` and CI) or
``python .ci/typecheck.py --update`` after fixing errors or moving code between modules.

The configuration is ``[tool.mypy]`` in ``pyproject.toml``. Two rules:

* the pure packages (``STRICT``: the matching engine and the vocabulary) are checked with every flag of
  ``--strict`` and have no baseline: any error there fails;
* every other module may have at most the number of errors recorded for it in ``.ci/mypy-baseline.json``.
  A module with more, or a module missing from the baseline with any error, fails. So does a module with
  fewer: the baseline must then be lowered (``--update``), so that a fixed error cannot come back unnoticed.

``--update`` rewrites the baseline from the current errors but refuses to let any app's total grow, so code can
move between the modules of an app (a services module split into a package) while the count only shrinks.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".ci" / "mypy-baseline.json"
STRICT = ("matching/engine/", "vocabulary/")
UPDATE_HINT = "python .ci/typecheck.py --update  (then commit .ci/mypy-baseline.json)"


def run_mypy() -> tuple[Counter[str], dict[str, list[str]]]:
    """Errors per file (paths relative to the checkout) and their printable lines."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--output", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode not in (0, 1):  # 2: mypy itself failed (bad configuration, crash)
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"mypy did not run (exit status {result.returncode}).")
    counts: Counter[str] = Counter()
    lines: dict[str, list[str]] = defaultdict(list)
    for raw in result.stdout.splitlines():
        if not raw.startswith("{"):
            continue
        error = json.loads(raw)
        if error["severity"] != "error":
            continue
        counts[error["file"]] += 1
        lines[error["file"]].append(f"{error['file']}:{error['line']}: {error['message']}  [{error['code']}]")
    return counts, lines


def app_of(path: str) -> str:
    return path.split("/", 1)[0]


def load_baseline() -> dict[str, int]:
    return json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}


def check(counts: Counter[str], lines: dict[str, list[str]], baseline: dict[str, int]) -> list[str]:
    problems: list[str] = []
    for path in sorted(counts):
        if path.startswith(STRICT):
            problems.append(f"{path}: {counts[path]} error(s) in a --strict package (no baseline here):")
            problems.extend(f"    {line}" for line in lines[path])
        elif counts[path] > baseline.get(path, 0):
            problems.append(f"{path}: {counts[path]} error(s), the baseline allows {baseline.get(path, 0)}:")
            problems.extend(f"    {line}" for line in lines[path])
    for path in sorted(baseline):
        if counts[path] < baseline[path]:
            problems.append(
                f"{path}: {counts[path]} error(s), fewer than the baseline's {baseline[path]}; lower it: {UPDATE_HINT}"
            )
    return problems


def update(counts: Counter[str], baseline: dict[str, int]) -> None:
    strict = sorted(path for path in counts if path.startswith(STRICT))
    if strict:
        raise SystemExit(f"Fix the errors in the --strict packages first: {', '.join(strict)}")
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    for path, count in baseline.items():
        before[app_of(path)] += count
    for path, count in counts.items():
        after[app_of(path)] += count
    grown = {app: (before[app], after[app]) for app in after if after[app] > before[app]}
    if grown and BASELINE.exists():
        detail = ", ".join(f"{app} {old} → {new}" for app, (old, new) in sorted(grown.items()))
        raise SystemExit(f"The baseline only shrinks; these apps have more errors than it allows: {detail}")
    BASELINE.write_text(json.dumps(dict(sorted(counts.items())), indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {BASELINE.relative_to(ROOT)}: {sum(counts.values())} errors in {len(counts)} modules.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--update", action="store_true", help="rewrite the baseline (it may only shrink)")
    args = parser.parse_args()
    counts, lines = run_mypy()
    baseline = load_baseline()
    if args.update:
        update(counts, baseline)
        return
    problems = check(counts, lines, baseline)
    if problems:
        print("\n".join(problems))
        raise SystemExit(1)
    print(
        f"mypy: {sum(counts.values())} errors in {len(counts)} modules, none beyond the baseline; "
        f"strict packages ({', '.join(STRICT)}) clean."
    )


if __name__ == "__main__":
    main()
