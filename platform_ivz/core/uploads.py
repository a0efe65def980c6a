"""Uploaded documents: the type is read from the content, never from the name or the browser.

The name a user gave is kept only as far as it is harmless: its extension must be one of an
allowed type's, and the name that is stored and offered for download always ends in the
extension of the type that was detected, so a PDF never reaches a desktop as `.hta` or a GIF
as `.html` (a browser or Windows would pick the program by the extension, not the content).
"""

import re
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    label: str
    extensions: tuple[str, ...]  # the first is the one given to a renamed file


ALLOWED_KINDS = {
    "application/pdf": FileKind("PDF", (".pdf",)),
    "application/msword": FileKind("Word", (".doc",)),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": FileKind(
        "Word", (".docx",)
    ),
    "application/vnd.oasis.opendocument.text": FileKind("OpenDocument", (".odt",)),
    "application/vnd.ms-excel": FileKind("Excel", (".xls",)),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": FileKind(
        "Excel", (".xlsx",)
    ),
    "application/vnd.oasis.opendocument.spreadsheet": FileKind("OpenDocument", (".ods",)),
    "image/jpeg": FileKind("JPEG", (".jpg", ".jpeg")),
    "image/png": FileKind("PNG", (".png",)),
    "image/gif": FileKind("GIF", (".gif",)),
    "image/webp": FileKind("WebP", (".webp",)),
}
ALLOWED_TYPES = {mime: kind.label for mime, kind in ALLOWED_KINDS.items()}
ALLOWED_EXTENSIONS = frozenset(ext for kind in ALLOWED_KINDS.values() for ext in kind.extensions)
# What counts as an extension: a letter and a few letters or digits. "Notulen 12.3.2026" has
# none, so it keeps its name and gets ".pdf" added instead of being refused.
EXTENSION = re.compile(r"\.[a-z][a-z0-9]{0,9}")
# Control characters and line or paragraph separators: never in a header or a file name.
UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029/\\]")
MAX_NAME_LENGTH = 255
FALLBACK_EXTENSION = ".bin"  # a stored type that is no longer allowed: nothing opens it


def checked_content_type(upload) -> str:
    """The MIME type detected from the file's bytes; ValidationError if not allowed."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(max)s.")
            % {"name": upload.name, "max": filesizeformat(MAX_UPLOAD_BYTES)}
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.mime not in ALLOWED_KINDS:
        raise ValidationError(
            _("%(name)s is not a PDF, Word, Excel or image file.") % {"name": upload.name}
        )
    return kind.mime


def _split(name: str) -> tuple[str, str]:
    """(stem, extension in lower case or ""), after removing control characters and what
    Windows would drop anyway: trailing dots and spaces ("x.hta." opens as "x.hta")."""
    name = " ".join(UNSAFE_IN_NAME.sub(" ", name).split()).strip(". ")
    suffix = PurePath(name).suffix.lower() if name else ""
    if not EXTENSION.fullmatch(suffix):
        return name, ""
    return name[: -len(suffix)].rstrip(". "), suffix


def safe_name(name: str, content_type: str) -> str:
    """The name to store and offer: the user's name with the extension of the detected type.

    An extension that belongs to the type is kept (".jpeg" for a JPEG, in lower case); any
    other is replaced by the type's own. Never raises: the download uses it for old rows too.
    """
    stem, suffix = _split(name)
    kind = ALLOWED_KINDS.get(content_type)
    if kind is None:
        extension = FALLBACK_EXTENSION
    else:
        extension = suffix if suffix in kind.extensions else kind.extensions[0]
    stem = stem[: MAX_NAME_LENGTH - len(extension)] or _("attachment")
    return stem + extension


def checked_upload_name(upload, content_type: str) -> str:
    """safe_name for a new upload; ValidationError if its extension is of no allowed type."""
    _stem, suffix = _split(upload.name)
    if suffix and suffix not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _(
                "%(name)s has the extension %(extension)s, which is not allowed. Use PDF, "
                "Word, Excel, OpenDocument or an image (JPEG, PNG, GIF, WebP)."
            )
            % {"name": upload.name, "extension": suffix}
        )
    return safe_name(upload.name, content_type)


@dataclass(frozen=True)
class CheckedUpload:
    upload: object
    content_type: str
    name: str


def checked_upload(upload) -> CheckedUpload:
    """Size, type by content and name checked; ValidationError with a Dutch message if not."""
    content_type = checked_content_type(upload)
    return CheckedUpload(upload, content_type, checked_upload_name(upload, content_type))
