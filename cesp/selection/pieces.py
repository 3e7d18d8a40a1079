"""The pieces of a dossier: which are required (by schema and situation), and whether an
uploaded file is what it claims to be (type, size, and that it opens: the kernel's
``cesp.core.uploads``).

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

from cesp.core.uploads import MAX_BYTES, CheckedFile, check_file
from cesp.core.uploads import FileRefused as PieceRefused

from .enums import PieceKind

__all__ = ["MAX_BYTES", "CheckedFile", "PieceRefused", "check_file", "required_kinds"]

RULE_PIECES = "arrêté du 27 juillet 2010 fixant la composition du dossier, art. 1"
SINGLE_KINDS = frozenset(k for k in PieceKind.values if k != PieceKind.OTHER)


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
