"""docs/open-data.md holds the field tables the registry writes (the page and the files read the same)."""

from pathlib import Path

from opendata.docs import BEGIN, END, field_tables

DOC = Path(__file__).resolve().parents[2] / "docs" / "open-data.md"


def test_the_documented_fields_are_the_registry_s():
    text = DOC.read_text(encoding="utf-8")
    documented = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert documented == field_tables(), "run: python manage.py open_data_docs, paste into docs/open-data.md"
