"""Every .po file compiles without errors (no duplicate or malformed entries) and its committed .mo holds exactly
what the .po says, so a translation added to a .po but not compiled cannot ship unseen."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.source_tree import ROOT

MSGFMT = shutil.which("msgfmt")
PO_FILES = sorted(p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts)

pytestmark = pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) is not installed")


def _catalog(mo: Path) -> dict:
    """The messages of a compiled catalogue, without its header (dates and tool versions)."""
    with mo.open("rb") as handle:
        messages = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    messages.pop("", None)
    return messages


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_po_compiles_and_mo_is_current(po, tmp_path):
    compiled = tmp_path / "django.mo"
    result = subprocess.run(
        [str(MSGFMT), "--check-format", "--check-domain", "-o", str(compiled), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run make messages"
    assert _catalog(committed) == _catalog(compiled), f"{committed} is out of date: run make messages"
