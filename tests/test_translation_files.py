"""Every .po file compiles without errors (no duplicate or malformed entries) and its committed .mo holds exactly
what the .po says, so a translation added to a .po but not compiled cannot ship unseen."""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
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


# --- Every string translated, nothing fuzzy, no paragraph said twice -----------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass
class Entry:
    msgid: str
    msgstr: list[str]
    fuzzy: bool


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file (obsolete ``#~`` entries and the header left out)."""
    entries: list[Entry] = []
    msgid: list[str] = []
    msgstr: dict[int, list[str]] = {}
    fuzzy = pending_fuzzy = False
    target: list[str] | None = None

    def flush():
        if "".join(msgid):
            entries.append(Entry("".join(msgid), ["".join(v) for _k, v in sorted(msgstr.items())], fuzzy))

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#,"):
            pending_fuzzy = "fuzzy" in line
        elif not line or line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            flush()
            msgid, msgstr, fuzzy, pending_fuzzy = [_unquote(line[6:])], {}, pending_fuzzy, False
            target = msgid
        elif line.startswith("msgid_plural "):
            target = []
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            msgstr[index] = [_unquote(line[line.index("]") + 1 :].strip())]
            target = msgstr[index]
        elif line.startswith("msgstr "):
            msgstr[0] = [_unquote(line[7:])]
            target = msgstr[0]
        elif line.startswith('"') and target is not None:
            target.append(_unquote(line))
    flush()
    return entries


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_po_has_no_fuzzy_or_untranslated_entry(po):
    entries = read_po(po)
    assert [e.msgid for e in entries if e.fuzzy] == []
    assert [e.msgid for e in entries if not all(e.msgstr)] == []


def repeated_paragraphs(text: str) -> list[str]:
    """Paragraphs or sentences (longer than a few characters) that a translation says more than once."""
    seen: set[str] = set()
    repeated = []
    for piece in re.split(r"\n+|(?<=[。！？.!?])\s*", text):
        piece = piece.strip()
        if len(piece) < 8:
            continue
        if piece in seen:
            repeated.append(piece)
        seen.add(piece)
    return repeated


def test_repeated_paragraphs_are_found():
    assert repeated_paragraphs("请先填写问题描述。再发布。\n请先填写问题描述。") == ["请先填写问题描述。"]
    assert repeated_paragraphs("Describe the problem.\n\nDescribe the problem.") == ["Describe the problem."]
    assert repeated_paragraphs("一。二。") == []


@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_translation_says_a_paragraph_twice(po):
    found = {e.msgid[:60]: repeated_paragraphs(s) for e in read_po(po) for s in e.msgstr if repeated_paragraphs(s)}
    assert found == {}


def _copy_source(target: Path) -> None:
    skip = {".venv", ".git", "artifacts", "media", "node_modules", "docs", "static", "tests", "benchmarks"}
    for path in ROOT.iterdir():
        if path.name in skip or path.name.startswith("."):
            continue
        if path.is_dir():
            shutil.copytree(path, target / path.name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(path, target / path.name)


def test_every_string_in_the_source_is_translated(tmp_path):
    """Extract the messages of the source as `make messages` would (in a copy of the tree) and require a Chinese
    translation for every one. English is the source language; a message written only in Chinese characters
    (no Latin letter) would show untranslated in the English pages, so locale/en translates each of those."""
    _copy_source(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-location", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    # Django merges every catalogue: a message is translated if any catalogue translates it.
    entries = [e for po in sorted(tmp_path.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")) for e in read_po(po)]
    translated = {e.msgid for e in entries if not e.fuzzy and all(e.msgstr)}
    untranslated = sorted({e.msgid for e in entries} - translated)
    english = {e.msgid for po in ROOT.glob("**/locale/en/LC_MESSAGES/django.po") for e in read_po(po) if all(e.msgstr)}
    chinese_only = sorted({e.msgid for e in entries if _CJK.search(e.msgid) and not _LATIN.search(e.msgid)} - english)
    assert untranslated == []
    assert chinese_only == []
