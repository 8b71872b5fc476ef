from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from matching.engine.cli import main

REPO = Path(__file__).resolve().parents[2]


def _write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")


def test_cli_rank_prints_one_json_line_per_scenario(tmp_path):
    scenarios = tmp_path / "s.jsonl"
    solutions = tmp_path / "p.jsonl"
    _write_jsonl(
        scenarios,
        [
            {"id": "S1", "title": "县域远程影像诊断", "language": "zh", "budget_max_cny": 1000000},
            {"id": "S2", "title": "Smart parking guidance", "language": "en"},
        ],
    )
    _write_jsonl(
        solutions,
        [
            {"id": "P1", "title": "Teleradiology reading", "language": "en", "price_min_cny": 200000},
            {"id": "P2", "title": "停车诱导平台", "language": "zh"},
        ],
    )
    out = io.StringIO()
    code = main(["rank", "--scenarios", str(scenarios), "--solutions", str(solutions), "--top", "1"], out=out)
    assert code == 0
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["scenario"] for line in lines] == ["S1", "S2"]
    assert lines[0]["ranking"][0]["solution"] == "P1"
    assert lines[1]["ranking"][0]["solution"] == "P2"
    first = lines[0]["ranking"][0]
    assert set(first) == {"solution", "score", "reasons"}
    assert 0.0 <= first["score"] <= 1.0
    assert {"code": "budget_within"} in first["reasons"]


def test_cli_reports_malformed_input_with_line_number(tmp_path, capsys):
    scenarios = tmp_path / "s.jsonl"
    scenarios.write_text('{"id": "S1", "title": "x"}\n{oops}\n', encoding="utf-8")
    code = main(["rank", "--scenarios", str(scenarios), "--solutions", str(scenarios)], out=io.StringIO())
    assert code == 2
    assert "s.jsonl:2: invalid JSON" in capsys.readouterr().err


def test_engine_imports_no_django():
    code = "import sys, matching.engine.cli; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    argv = [sys.executable, "-c", code]
    result = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
