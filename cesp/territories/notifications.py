"""The notification kinds of the territories domain (registered in ``apps.py``)."""

from __future__ import annotations

from cesp.core.audiences import Audience
from cesp.core.notifications.registry import Kind, register

ZONING_CHANGE = Kind(
    code="zoning_change",
    label="Changement du zonage de votre projet ou de votre lieu d'exercice",
    audience=Audience.SIGNATORY,
    # The signatory must be told: the change may end the aids and starts or not the
    # 3-year protection of their project (R25); the survey found 46 % were never told.
    mandatory=True,
    subject="Nouveau zonage : la situation de {{ reference }} change",
    body="{{ body }}",
)
ZONING_CHANGE_REFERENT = Kind(
    code="zoning_change_referent",
    label="Changement de zonage touchant un signataire suivi",
    audience=Audience.ARS_AGENT,
    mandatory=False,
    subject="Nouveau zonage : la situation de {{ reference }} change",
    body="{{ body }}",
)
PLACE_CONFLICT = Kind(
    code="place_conflict",
    label="Lieu d'exercice demandé par plusieurs signataires",
    audience=Audience.ARS_DIRECTOR,
    mandatory=False,
    subject="Lieu libéral demandé par plusieurs signataires : {{ place }}",
    body=(
        "Le lieu « {{ place }} » ({{ commune }}) est demandé par {{ references }}. "
        "Décision du directeur général de l'ARS attendue."
    ),
)
KINDS = (ZONING_CHANGE, ZONING_CHANGE_REFERENT, PLACE_CONFLICT)


def register_kinds() -> None:
    register(*KINDS)
