"""An uploaded proof, checked by the kernel (``cesp.core.uploads``): its type by its first
bytes, not its name, its size, and that it opens; and the demo's sample proof."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from pypdf import PdfWriter

from cesp.core.uploads import ACCEPTED, MAX_BYTES, FileRefused, check_file, clean_name

__all__ = ["ACCEPTED", "MAX_BYTES", "CheckedProof", "check_upload", "sample_pdf"]


@dataclass(frozen=True)
class CheckedProof:
    name: str
    content_type: str
    content: bytes
    sha256: str


def check_upload(upload) -> CheckedProof:
    """The upload, checked by the kernel (its content decides, not its name);
    ``ValidationError`` (French, naming the file) otherwise."""
    name = clean_name(getattr(upload, "name", ""), "justificatif")
    if (getattr(upload, "size", 0) or 0) > MAX_BYTES:  # refused before it is read
        raise ValidationError(f"Le fichier « {name} » est trop lourd ({ACCEPTED}).")
    try:
        checked = check_file(name, upload.read(), name_must_match=False)
    except FileRefused as refusal:
        raise ValidationError(refusal.message) from refusal
    return CheckedProof(checked.filename, checked.media_type, checked.content, checked.sha256)


def sample_pdf(name: str, title: str) -> CheckedProof:
    """A one-page PDF carrying ``title`` in its metadata (the demo's proofs)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    content = buffer.getvalue()
    return CheckedProof(name, "application/pdf", content, hashlib.sha256(content).hexdigest())
