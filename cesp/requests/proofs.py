"""Checking an uploaded proof: its type (by its first bytes, not its name), its size,
and that it opens (a PDF with at least one page, an image that decodes)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

#: Largest proof accepted (a scanned page is well under it).
MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
ACCEPTED = "PDF, PNG ou JPEG, 5 Mo au plus"


@dataclass(frozen=True)
class CheckedProof:
    name: str
    content_type: str
    content: bytes
    sha256: str


def _opens(content: bytes, content_type: str) -> bool:
    try:
        if content_type == "application/pdf":
            return len(PdfReader(io.BytesIO(content)).pages) > 0
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        return True
    except (PyPdfError, UnidentifiedImageError, OSError, ValueError, KeyError):
        return False


def check_upload(upload) -> CheckedProof:
    """The upload, checked; ``ValidationError`` (French, naming the file) otherwise."""
    name = (getattr(upload, "name", "") or "justificatif").rsplit("/", 1)[-1][:200]
    size = getattr(upload, "size", 0) or 0
    if size > MAX_BYTES:
        raise ValidationError(
            f"« {name} » pèse {size / 1024 / 1024:.1f} Mo : 5 Mo au plus.".replace(".", ",", 1)
        )
    content = upload.read()
    if not content:
        raise ValidationError(f"« {name} » est vide.")
    content_type = next((t for sig, t in SIGNATURES.items() if content.startswith(sig)), "")
    if not content_type:
        raise ValidationError(f"« {name} » n'est pas un fichier accepté ({ACCEPTED}).")
    if not _opens(content, content_type):
        raise ValidationError(f"« {name} » ne s'ouvre pas : le fichier semble abîmé.")
    return CheckedProof(name, content_type, content, hashlib.sha256(content).hexdigest())


def sample_pdf(name: str, title: str) -> CheckedProof:
    """A one-page PDF carrying ``title`` in its metadata (the demo's proofs)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    buffer = io.BytesIO()
    writer.write(buffer)
    content = buffer.getvalue()
    return CheckedProof(name, "application/pdf", content, hashlib.sha256(content).hexdigest())
