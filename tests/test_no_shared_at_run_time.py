"""Nothing the site runs reads ../shared: data it needs ships inside the project (only tests, benchmarks and CI
may read the shared reference folder)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {"tests", "benchmarks", ".venv", ".git", "node_modules", "static", "var", "locale"}
# A path into the shared folder: "../shared", "/work/shared", a "shared" path component ("shared" / "data"), or
# "shared/data".
SHARED_PATH = re.compile(r"""\.\./shared\b|/work/shared\b|["']shared["']|\bshared/data\b""")


def _run_time_files():
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in SKIP_DIRS or not path.is_file():
            continue
        if path.suffix in {".py", ".html", ".txt", ".cfg", ".ini", ".toml", ".json", ".jsonl", ".csv", ".js"} or (
            path.name == "Makefile"
        ):
            yield relative, path


def test_no_run_time_code_or_data_names_a_path_into_shared():
    offenders = [
        f"{relative}:{number}: {line.strip()}"
        for relative, path in _run_time_files()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
        if SHARED_PATH.search(line)
    ]
    assert offenders == []


def test_the_check_finds_the_path_forms_it_is_meant_to_find():
    for line in (
        'DEV_SET = Path(settings.BASE_DIR).parent / "shared" / "data" / "matching-dev"',
        'open("../shared/data/jiangsu_regions.csv")',
        "REGIONS = '/work/shared/data/jiangsu_regions.csv'",
        "help='folder like shared/data/matching-dev'",
    ):
        assert SHARED_PATH.search(line), line
    assert not SHARED_PATH.search("Filters shared by the HTML catalogue and the API")
