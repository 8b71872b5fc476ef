"""Uploaded files: the type is read from the content (magic bytes), never from the name; stored under a
generated name; the original name is kept for display and sent back in an RFC 5987 header."""

from __future__ import annotations

import io
import os
import unicodedata
import zipfile
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024

# kind → (extension, MIME type)
KINDS = {
    "pdf": (".pdf", "application/pdf"),
    "png": (".png", "image/png"),
    "jpeg": (".jpg", "image/jpeg"),
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def sniff(head: bytes, upload) -> str | None:
    """The kind of file from its first bytes (and, for Office files, the zip's directory)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if any(name.startswith("word/") for name in names):
                return "docx"
            if any(name.startswith("xl/") for name in names):
                return "xlsx"
    return None


def clean_filename(name: str) -> str:
    """The display name without any path, control characters or leading dots; never empty."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return name[:200] or "attachment"


def validate_upload(upload) -> tuple[str, str, str]:
    """Check size and content; return (display name, extension, MIME type) or raise ValidationError."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    if size > MAX_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; the limit is 20 MB.") % {"size": size / 1024 / 1024}, code="too_large"
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head, upload)
    if kind is None:
        raise ValidationError(
            _(
                "Only PDF, Word (DOCX), Excel (XLSX), PNG and JPEG files can be attached; this file's content is none of these."  # noqa: E501
            ),
            code="file_type",
        )
    extension, mime = KINDS[kind]
    return clean_filename(getattr(upload, "name", "")), extension, mime


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 5987/6266), safe against header injection."""
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "") or "attachment"
    ascii_name = "".join(ch for ch in ascii_name if 32 <= ord(ch) < 127).strip()
    if not ascii_name or ascii_name.startswith("."):
        ascii_name = "attachment" + (ascii_name if ascii_name.startswith(".") else "")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def make_zip(entries: dict[str, bytes]) -> bytes:
    """Build a small zip in memory (tests and demo data use it to make DOCX/XLSX-shaped files)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()
