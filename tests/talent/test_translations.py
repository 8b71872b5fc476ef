"""The Chinese side of talent's catalogue is complete and used."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from talent import services

PO = Path(__file__).resolve().parents[2] / "talent" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def _entries():
    """(msgid, translated?) per entry of the .po file; a small reader so the test needs no extra package."""
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        msgid, msgstr, current = [], [], None
        for line in lines:
            if line.startswith("msgid "):
                current = msgid
                line = line[len("msgid ") :]
            elif line.startswith("msgid_plural "):
                current = None
            elif line.startswith("msgstr"):
                current = msgstr
                line = line.split(" ", 1)[1]
            if current is not None:
                current.append(line.strip().strip('"'))
        if "".join(msgid):
            yield "".join(msgid), bool("".join(msgstr)), "#, fuzzy" in block


def test_translations_every_msgid_has_chinese():
    entries = list(_entries())
    assert len(entries) > 300
    assert [msgid for msgid, translated, _fuzzy in entries if not translated] == []
    assert [msgid for msgid, _translated, fuzzy in entries if fuzzy] == []


def test_translations_pages_in_chinese(client, db):
    response = client.get("/talent/courses/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = response.content.decode()
    assert "数字技能课程" in body
    assert "没有符合条件的课程。" in body


def test_translations_service_messages_in_chinese(session, mallory, frozen):
    services.enrolment_create(person=mallory, session=session)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        services.enrolment_create(person=mallory, session=session)
    assert error.value.messages == ["您已报名本场次。"]
