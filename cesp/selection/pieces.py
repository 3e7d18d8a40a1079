"""The pieces of a dossier: which are required (by schema and situation), and whether an
uploaded file is what it claims to be (type, size, and that it opens).

Required pieces, PRE2020 contents (arrêté du 27 juillet 2010, art. 1; arrêté du
29 octobre 2013, art. 1 for odontology), kept for the later schemas whose arrêtés were
not read (docs/selection.md, choice S2):
- a copy of an identity document;
- a motivation letter (specialty, mode and place of practice);
- the transcripts of the two previous years (one when the candidate is in 2nd year);
- for interns in medicine, the declaration of their ECN rank.
PADHUE file an identity copy and the motivation letter (ARS Grand Est page, §1.1).
The written agreement of another ARS is required once the dossier names that ARS.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from .enums import PieceKind

MAX_BYTES = 5 * 1024 * 1024
PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}
LABELS = {PDF: "PDF", JPEG: "image JPEG", PNG: "image PNG"}
RULE_PIECES = "arrêté du 27 juillet 2010 fixant la composition du dossier, art. 1"
SINGLE_KINDS = frozenset(k for k in PieceKind.values if k != PieceKind.OTHER)


class PieceRefused(Exception):
    """The file cannot be kept; ``message`` says why, in French."""

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


def _sniff(content: bytes) -> str | None:
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _opens(content: bytes, media_type: str) -> bool:
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


def check_file(filename: str, content: bytes) -> CheckedFile:
    """The file as kept, or ``PieceRefused`` saying what is wrong with it."""
    name = (filename or "").strip().rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200] or "fichier"
    if not content:
        raise PieceRefused(f"Le fichier « {name} » est vide.")
    if len(content) > MAX_BYTES:
        raise PieceRefused(
            f"Le fichier « {name} » dépasse la taille autorisée de {MAX_BYTES // (1024 * 1024)} Mo."
        )
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        raise PieceRefused(f"Le fichier « {name} » n'est pas d'un type accepté : PDF, JPEG ou PNG.")
    actual = _sniff(content)
    if actual != claimed:
        raise PieceRefused(
            f"Le fichier « {name} » n'est pas ce qu'il annonce : son nom dit "
            f"{LABELS[claimed]}, son contenu n'en est pas un."
        )
    if not _opens(content, actual):
        raise PieceRefused(
            f"Le fichier « {name} » ne s'ouvre pas ({LABELS[actual]} illisible, endommagé ou "
            "protégé par un mot de passe)."
        )
    return CheckedFile(name, actual, len(content), hashlib.sha256(content).hexdigest(), content)


def required_kinds(dossier) -> list[str]:
    """The pieces this dossier must hold before it can be filed (see the module docstring)."""
    kinds = [PieceKind.IDENTITY, PieceKind.MOTIVATION]
    if dossier.category != "padhue":
        if (dossier.study_year or 0) >= 3:
            kinds.append(PieceKind.TRANSCRIPT_1)
        kinds.append(PieceKind.TRANSCRIPT_2)
        if dossier.category == "third_cycle" and dossier.profession == "medecine":
            kinds.append(PieceKind.ECN_RANK)
    if dossier.agreement_ars_id:
        kinds.append(PieceKind.ARS_AGREEMENT)
    return [str(k) for k in kinds]


def missing_kinds(dossier) -> list[str]:
    present = set(dossier.pieces.values_list("kind", flat=True))
    return [kind for kind in required_kinds(dossier) if kind not in present]


def missing_messages(dossier) -> list[str]:
    return [
        f"Pièce manquante : {PieceKind(kind).label} ({RULE_PIECES})."
        for kind in missing_kinds(dossier)
    ]
