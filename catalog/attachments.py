"""Uploaded files: the type is read from the content (magic bytes), never from the name; stored under a
generated name; the original name is kept for display and sent back in an RFC 5987 header."""

from __future__ import annotations

import io
import os
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.sanitize import content_disposition, safe_filename

__all__ = ["content_disposition", "upload_row", "validate_upload"]

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


def clean_filename(name: str, extension: str = "") -> str:
    """The display name without any path, bidi overrides, control characters or leading dots; never empty; with
    ``extension`` the name ends in the extension of the detected type (``poly.html`` holding a PNG is
    ``poly.png``)."""
    return safe_filename(name, extension=extension)


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
    return clean_filename(getattr(upload, "name", ""), extension), extension, mime


def upload_row(model, upload, **fields):
    """An unsaved ``model`` row (a ``core.models.UploadModel``) for a checked upload: its display name, type
    and size, the file stored under a generated name; ``fields`` fill the rest (owner, uploader). A bad file
    is a ValidationError on ``file``."""
    try:
        name, extension, mime = validate_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    row = model(original_name=name, extension=extension, content_type=mime, size=upload.size, **fields)
    upload.seek(0)
    row.file.save(f"upload{extension}", upload, save=False)
    return row


def make_zip(entries: dict[str, bytes]) -> bytes:
    """Build a small zip in memory (tests and demo data use it to make DOCX/XLSX-shaped files)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()
