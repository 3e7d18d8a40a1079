"""Uploaded files checked before they are kept (a dossier's pieces, a request's proofs):
their type read from their first bytes, their size, and that they open (a PDF with at
least one page and no password, an image that decodes). One check for every app."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

MAX_BYTES = 5 * 1024 * 1024
PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}
LABELS = {PDF: "PDF", JPEG: "image JPEG", PNG: "image PNG"}
ACCEPTED = "PDF, JPEG ou PNG, 5 Mo au plus"


class FileRefused(Exception):
    """The file cannot be kept; ``message`` says why, in French, naming the file."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class CheckedFile:
    filename: str
    media_type: str
    size: int
    sha256: str
    content: bytes


def sniff(content: bytes) -> str | None:
    """The media type the file's first bytes say, among those accepted."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def opens(content: bytes, media_type: str) -> bool:
    """Whether a reader opens it: a PDF with pages and no password, a decodable image."""
    if media_type == PDF:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reader = PdfReader(io.BytesIO(content), strict=False)
                if reader.is_encrypted:
                    return False
                return len(reader.pages) > 0
        except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError):
            return False
    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
        with Image.open(io.BytesIO(content)) as image:
            image.load()
        return True
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return False


def clean_name(filename: str, default: str = "fichier") -> str:
    """The file's own name, without any folder a browser may send."""
    return (filename or "").strip().rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200] or default


def check_file(filename: str, content: bytes, *, name_must_match: bool = True) -> CheckedFile:
    """The file as kept, or ``FileRefused`` saying what is wrong with it.

    With ``name_must_match``, a name ending in ``.pdf`` must hold a PDF (a file that is
    not what it claims to be is refused); otherwise only the content decides.
    """
    name = clean_name(filename)
    if not content:
        raise FileRefused(f"Le fichier « {name} » est vide.")
    if len(content) > MAX_BYTES:
        raise FileRefused(
            f"Le fichier « {name} » dépasse la taille autorisée de {MAX_BYTES // (1024 * 1024)} Mo."
        )
    actual = sniff(content)
    if name_must_match:
        extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        claimed = EXTENSIONS.get(extension)
        if claimed is None:
            raise FileRefused(f"Le fichier « {name} » n'est pas d'un type accepté : {ACCEPTED}.")
        if actual != claimed:
            raise FileRefused(
                f"Le fichier « {name} » n'est pas ce qu'il annonce : son nom dit "
                f"{LABELS[claimed]}, son contenu n'en est pas un."
            )
    elif actual is None:
        raise FileRefused(f"Le fichier « {name} » n'est pas un fichier accepté ({ACCEPTED}).")
    if not opens(content, actual):
        raise FileRefused(
            f"Le fichier « {name} » ne s'ouvre pas ({LABELS[actual]} illisible, endommagé ou "
            "protégé par un mot de passe)."
        )
    return CheckedFile(name, actual, len(content), hashlib.sha256(content).hexdigest(), content)
