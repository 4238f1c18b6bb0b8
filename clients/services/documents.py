"""Uploading and archiving a client's documents.

An upload is checked three ways before it is stored: its size, its extension, and its
contents (the first bytes must be what that kind of file starts with), so an .exe or a
web page renamed ``letter.pdf`` is refused. The browser's declared content type is only
checked for plausibility; the type stored (and later served) comes from our own table.
Files go to the default storage (``STORAGES["default"]``) under a random name; documents
are archived with a reason, never deleted.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from clients import choices
from clients.models import Client, Document
from recovery.accounts.models import User
from recovery.audit.history import acting

# Change here to allow larger files (the web server in front may have its own limit too).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    label: str  # "a PDF": reads on after "do not match"
    content_type: str  # what we store and serve
    declared_types: frozenset[str]  # content types a browser may send for it


_WORD_XML = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ODT = "application/vnd.oasis.opendocument.text"
# Some Windows set-ups label Word and OpenDocument files as plain zips.
_ZIP_TYPES = ("application/zip", "application/x-zip-compressed")
# Browsers send these when they do not know a type; they say nothing either way.
_UNKNOWN_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream"})

FILE_KINDS: dict[str, FileKind] = {
    "pdf": FileKind("a PDF", "application/pdf", frozenset({"application/pdf", "application/x-pdf"})),
    "docx": FileKind("a Word document", _WORD_XML, frozenset({_WORD_XML, *_ZIP_TYPES})),
    "doc": FileKind(
        "a Word document", "application/msword", frozenset({"application/msword", "application/vnd.ms-word"})
    ),
    "odt": FileKind("an OpenDocument text file", _ODT, frozenset({_ODT, *_ZIP_TYPES})),
    "rtf": FileKind("an RTF file", "application/rtf", frozenset({"application/rtf", "text/rtf", "application/msword"})),
    "txt": FileKind("a text file", "text/plain; charset=utf-8", frozenset({"text/plain"})),
    "jpg": FileKind("a JPEG image", "image/jpeg", frozenset({"image/jpeg", "image/pjpeg"})),
    "jpeg": FileKind("a JPEG image", "image/jpeg", frozenset({"image/jpeg", "image/pjpeg"})),
    "png": FileKind("a PNG image", "image/png", frozenset({"image/png"})),
}
ALLOWED_EXTENSIONS = tuple(FILE_KINDS)

WRONG_EXTENSION_MESSAGE = (
    "The selected file must be a PDF, Word (DOC or DOCX), OpenDocument text (ODT), RTF, text (TXT), JPG or PNG file."
)
EMPTY_MESSAGE = "The selected file is empty. Choose a file that has something in it."
TOO_BIG_MESSAGE = f"The selected file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
NO_FILE_MESSAGE = "Select a file to upload."


def _mismatch(kind: FileKind) -> ValidationError:
    return ValidationError(
        f"This file's contents do not match {kind.label}. Upload a PDF, Word, OpenDocument, RTF, text or image file.",
        code="content_mismatch",
    )


def file_extension(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _is_office_zip(upload: UploadedFile, extension: str) -> bool:
    """A DOCX holds word/document.xml; an ODT names its type in a "mimetype" entry.

    Only the central directory and (at most 64 bytes of) the mimetype entry are read:
    nothing is extracted, so a zip bomb costs nothing.
    """
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension == "docx":
                return "[Content_Types].xml" in names and "word/document.xml" in names
            if "mimetype" not in names:
                return False
            with archive.open("mimetype") as entry:
                return entry.read(64).startswith(_ODT.encode())
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return False


def _is_utf8_text(upload: UploadedFile) -> bool:
    upload.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in upload.chunks():
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _contents_match(extension: str, upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(64)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == "doc":
        return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension in {"docx", "odt"}:
        return head.startswith(b"PK\x03\x04") and _is_office_zip(upload, extension)
    if extension == "txt":
        return _is_utf8_text(upload)
    return False


def check_upload(upload: UploadedFile | None) -> FileKind:
    """Refuse a file that is missing, empty, too big, of a type we don't take, or disguised.

    Raises a ValidationError (one message, for the file field); returns the file's kind.
    """
    if upload is None:
        raise ValidationError(NO_FILE_MESSAGE, code="required")
    extension = file_extension(upload.name)
    kind = FILE_KINDS.get(extension)
    if kind is None:
        raise ValidationError(WRONG_EXTENSION_MESSAGE, code="extension")
    if not upload.size:
        raise ValidationError(EMPTY_MESSAGE, code="empty")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(TOO_BIG_MESSAGE, code="too_big")
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if declared not in _UNKNOWN_TYPES and declared not in kind.declared_types:
        raise _mismatch(kind)
    try:
        if not _contents_match(extension, upload):
            raise _mismatch(kind)
    finally:
        upload.seek(0)
    return kind


def safe_filename(name: str, *, extension: str) -> str:
    """A name safe to store and to send in Content-Disposition: no path, quotes or control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(char for char in stem if unicodedata.category(char)[0] != "C")
    stem = re.sub(r"[^\w .()\-]+", "_", stem).strip(" ._")[:150]
    return f"{stem or 'document'}.{extension}"


@transaction.atomic
def document_upload(
    *, client: Client, by: User, file: UploadedFile, title: str = "", category: str = "other"
) -> Document:
    """Store a checked file for the client. An empty title becomes the file's name."""
    try:
        kind = check_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    if category not in dict(choices.DOCUMENT_CATEGORY):
        raise ValidationError({"category": "Choose what kind of document this is."})
    extension = file_extension(file.name)
    original_name = safe_filename(file.name, extension=extension)
    title = title.strip() or os.path.splitext(original_name)[0].replace("_", " ")
    document = Document(
        client=client,
        title=title[:150],
        category=category,
        file=file,
        original_name=original_name,
        content_type=kind.content_type,
        size_bytes=file.size,
        uploaded_by=by,
    )
    with acting(by):
        document.save()
    return document


@transaction.atomic
def document_archive(*, document: Document, by: User, reason: str) -> Document:
    """Take a document out of the everyday list. The file and row are kept (and still downloadable by leads)."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the document is being archived."})
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.archived_at is not None:
        raise ValidationError("This document has already been archived.")
    with acting(by):
        document.archived_at = timezone.now()
        document.archived_by = by
        document.archive_reason = reason.strip()[:200]
        document.save(update_fields=["archived_at", "archived_by", "archive_reason"])
    return document
