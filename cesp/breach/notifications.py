"""The notification kinds of the breach procedure (registered in ``apps.py``).

The registered letter is the legal notification (arrêté du 26 mai 2020 art. 3; arrêté du
27 juillet 2010 art. 4); these messages tell the signatory that it was sent and remind
them of the instalments. Mail goes only through the kernel's outbox."""

from __future__ import annotations

from cesp.core.audiences import Audience
from cesp.core.notifications.registry import Kind, register

STEP = Kind(
    code="breach_step",
    label="Procédure de rupture : nouvelle étape de votre dossier",
    audience=Audience.SIGNATORY,
    mandatory=True,
    subject="Votre dossier de rupture {{ case }} : {{ step }}",
    body=(
        "Votre dossier de rupture {{ case }} (contrat {{ contract }}) franchit l'étape "
        "« {{ step }} ».\n{{ detail }}\nLe courrier recommandé fait foi ; le détail est sur "
        "votre espace cesp."
    ),
)
INSTALMENT_DUE = Kind(
    code="breach_instalment_due",
    label="Échéancier de remboursement : échéance à venir",
    audience=Audience.SIGNATORY,
    mandatory=False,
    subject="Échéance n° {{ number }} de votre échéancier le {{ due_on }}",
    body=(
        "L'échéance n° {{ number }} de votre échéancier (dossier {{ case }}), d'un montant "
        "de {{ amount }} €, est à régler au plus tard le {{ due_on }}."
    ),
)
INSTALMENT_LATE = Kind(
    code="breach_instalment_late",
    label="Échéancier de remboursement : échéance impayée",
    audience=Audience.SIGNATORY,
    mandatory=True,
    subject="Échéance n° {{ number }} impayée (dossier {{ case }})",
    body=(
        "L'échéance n° {{ number }} de votre échéancier (dossier {{ case }}), due le "
        "{{ due_on }}, n'est pas réglée : il reste {{ missing }} €. Sans régularisation, "
        "l'échéancier peut être déclaré non respecté et la totalité du solde devenir "
        "exigible."
    ),
)
KINDS = (STEP, INSTALMENT_DUE, INSTALMENT_LATE)


def register_kinds() -> None:
    register(*KINDS)
