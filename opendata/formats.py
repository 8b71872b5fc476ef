"""The three file formats of every open data set, written as streams (rows are read in chunks, so memory stays
flat whatever the size), and read back by the same type rules (``read_csv``, ``read_xlsx``), which is what the
round-trip tests and anyone loading the files can use.

* CSV: UTF-8 with a byte-order mark (Excel then opens Chinese text correctly), a header row of field names,
  every text cell passed through the project's formula guard (``core.sanitize.spreadsheet_cell``). A text cell
  that begins with an apostrophe had one added by the guard (or, if the text itself began with one, by
  ``csv_cell``): remove exactly one to get the value.
* JSON: ``{"dataset", "title", "licence", "publisher", "generated_at", "since", "fields", "rows"}``.
* XLSX: sheet ``data`` (header row + rows; text cells are stored as text, never as formulas) and sheet
  ``fields`` (name, type, meaning) with the licence.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from core.sanitize import spreadsheet_cell
from opendata.registry import DataSet, Field

BOM = "\ufeff"
CODES_SEPARATOR = ";"
# Rows of CSV or JSON gathered before a piece of the stream is handed to the server.
STREAM_ROWS = 200


# ------------------------------------------------------------------ CSV


def csv_cell(f: Field, value: Any) -> Any:
    if value is None:
        return ""
    if f.type == "boolean":
        return "true" if value else "false"
    if f.type == "integer":
        return int(value)
    if f.type == "number":
        return repr(float(value))
    if f.type == "codes":
        return spreadsheet_cell(CODES_SEPARATOR.join(value))
    text = str(value)
    if text.startswith("'"):
        return "'" + text  # so that removing one apostrophe always gives the value back
    return spreadsheet_cell(text)


def _parse_text(f: Field, text: str | None) -> Any:
    if text is None or text == "":
        return {"string": "", "codes": []}.get(f.type)
    if f.type == "integer":
        return int(text)
    if f.type == "number":
        return float(text)
    if f.type == "boolean":
        return {"true": True, "false": False}[text]
    if f.type == "codes":
        return text.split(CODES_SEPARATOR)
    return text


def parse_csv_cell(f: Field, text: str) -> Any:
    if f.type in ("string", "codes") and text.startswith("'"):
        text = text[1:]
    return _parse_text(f, text)


def csv_stream(dataset: DataSet, rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerow(dataset.field_names)
    for count, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(f, row[f.name]) for f in dataset.fields])
        if count % STREAM_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def read_csv(dataset: DataSet, data: bytes) -> list[dict[str, Any]]:
    """The rows of a CSV file written by ``csv_stream`` (header checked against the data set's fields)."""
    text = data.decode("utf-8")
    if not text.startswith(BOM):
        raise ValueError("the file does not start with a UTF-8 byte-order mark")
    reader = csv.reader(io.StringIO(text[1:], newline=""))
    header = next(reader)
    if header != dataset.field_names:
        raise ValueError(f"unexpected header {header}")
    return [{f.name: parse_csv_cell(f, cell) for f, cell in zip(dataset.fields, line, strict=True)} for line in reader]


# ------------------------------------------------------------------ JSON


def metadata(dataset: DataSet, *, since: dt.datetime | None, licence: dict, publisher: dict) -> dict[str, Any]:
    return {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "licence": {key: str(value) for key, value in licence.items()},
        "publisher": publisher,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "since": timezone.localtime(since).isoformat() if since else None,
        "fields": [{"name": f.name, "type": f.type, "description": str(f.description)} for f in dataset.fields],
    }


def json_stream(head: dict[str, Any], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    opening = json.dumps(head, ensure_ascii=False)[:-1]  # drop the closing brace: the rows follow
    parts = [opening, ', "rows": [']
    for count, row in enumerate(rows):
        parts.append(("\n" if count == 0 else ",\n") + json.dumps(row, ensure_ascii=False))
        if len(parts) >= STREAM_ROWS:
            yield "".join(parts)
            parts = []
    parts.append("\n]}\n")
    yield "".join(parts)


# ------------------------------------------------------------------ XLSX


def _xlsx_cell(sheet, f: Field, value: Any) -> Any:
    if f.type == "codes":
        value = CODES_SEPARATOR.join(value)
    if isinstance(value, str):
        # Control characters other than tab/CR/LF cannot be stored in XLSX at all.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula, even when it starts with "="
    return cell


def xlsx_file(dataset: DataSet, rows: Iterable[dict[str, Any]], *, licence: dict, publisher: dict) -> IO[bytes]:
    """The workbook in a temporary file (openpyxl's write-only mode streams rows to disk), positioned at 0."""
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet("data")
    data.append(dataset.field_names)
    for row in rows:
        data.append([_xlsx_cell(data, f, row[f.name]) for f in dataset.fields])
    about = workbook.create_sheet("fields")
    about.append(["name", "type", "description"])
    for f in dataset.fields:
        about.append([f.name, f.type, str(f.description)])
    about.append([])
    about.append(["licence", licence["name"], licence["url"]])
    about.append(["publisher", publisher["name"], publisher["url"]])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed to FileResponse, which closes it
    workbook.save(output)
    output.seek(0)
    return output


def read_xlsx(dataset: DataSet, data: bytes) -> list[dict[str, Any]]:
    """The rows of sheet ``data`` of a workbook written by ``xlsx_file``."""
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    lines = workbook["data"].iter_rows(values_only=True)
    header = list(next(lines))
    if header != dataset.field_names:
        raise ValueError(f"unexpected header {header}")
    rows = []
    for line in lines:
        row = {}
        for f, value in zip(dataset.fields, line, strict=True):
            row[f.name] = _parse_text(f, value) if value is None or isinstance(value, str) else value
        rows.append(row)
    workbook.close()
    return rows
