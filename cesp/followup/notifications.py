"""The notification kinds of the follow-up (registered in ``apps.py``).

Legal notices (the convocation path, arrêté du 27 juillet 2010, art. 2 bis and art. 4)
are mandatory and each is archived as a document (``convocations.py``); the others are
optional: the user may opt out on /notifications/preferences/.
"""

from __future__ import annotations

from cesp.core.audiences import Audience
from cesp.core.notifications.registry import Kind, register

MEETING_PLANNED = Kind(
    code="followup_meeting_planned",
    label="Échange de suivi annuel planifié",
    audience=Audience.SIGNATORY,
    mandatory=False,
    subject="Échange de suivi avec l'ARS prévu le {{ day }}",
    body=(
        "Votre échange annuel de suivi avec l'ARS ({{ reference }}) est prévu le {{ day }}, "
        "{{ mode }}, avec {{ referent }}.\n\nDétails : {{ link }}"
    ),
)
MEETING_RECORDED = Kind(
    code="followup_meeting_recorded",
    label="Compte rendu d'un échange de suivi",
    audience=Audience.SIGNATORY,
    mandatory=False,
    subject="Votre échange de suivi du {{ day }} est enregistré",
    body=(
        "L'ARS a enregistré votre échange de suivi du {{ day }} ({{ mode }}) pour le contrat "
        "{{ reference }}.\n\nPoint sur le projet : {{ update }}\n\nDétails : {{ link }}"
    ),
)
EXCHANGE_UPCOMING = Kind(
    code="followup_exchange_upcoming",
    label="Rappel : échange annuel de suivi à venir",
    audience=Audience.SIGNATORY,
    mandatory=False,
    subject="Votre échange annuel de suivi est attendu le {{ due }}",
    body=(
        "Un an après la signature puis chaque année jusqu'à l'installation, un échange a lieu "
        "avec l'ARS ({{ source }}). Pour le contrat {{ reference }}, le prochain est attendu "
        "le {{ due }}. Votre référent : {{ referent }}.\n\n{{ link }}"
    ),
)
EXCHANGE_OVERDUE = Kind(
    code="followup_exchange_overdue",
    label="Échange annuel de suivi en retard (référent)",
    audience=Audience.ARS_AGENT,
    mandatory=False,
    subject="Échange de suivi en retard : {{ reference }}",
    body=(
        "L'échange annuel de {{ name }} ({{ reference }}) était attendu le {{ due }} et n'a "
        "pas été enregistré.\n\n{{ link }}"
    ),
)
REFERENT_NAMED = Kind(
    code="followup_referent_named",
    label="Votre référent ARS",
    audience=Audience.SIGNATORY,
    mandatory=False,
    subject="Votre référent ARS : {{ referent }}",
    body=(
        "{{ referent }} est désormais votre référent à l'ARS pour le contrat {{ reference }}."
        "\n\n{{ link }}"
    ),
)
SIGNATORIES_HANDED_OVER = Kind(
    code="followup_handover",
    label="Signataires confiés à un référent",
    audience=Audience.ARS_AGENT,
    mandatory=False,
    subject="{{ count }} signataire(s) vous sont confiés",
    body="{{ count }} signataire(s) vous sont confiés par {{ by }} : {{ reason }}\n\n{{ link }}",
)
MESSAGE_TO_SIGNATORY = Kind(
    code="followup_message_signatory",
    label="Nouveau message de l'ARS ou du gestionnaire national",
    audience=Audience.SIGNATORY,
    mandatory=False,
    subject="Nouveau message : {{ subject }}",
    body=(
        "{{ author }} vous a écrit au sujet du contrat {{ reference }} :\n\n{{ body }}"
        "\n\n{{ link }}"
    ),
)
MESSAGE_TO_ARS = Kind(
    code="followup_message_ars",
    label="Nouveau message d'un signataire suivi",
    audience=Audience.ARS_AGENT,
    mandatory=False,
    subject="Message de {{ author }} : {{ subject }}",
    body="{{ author }} ({{ reference }}) a écrit :\n\n{{ body }}\n\n{{ link }}",
)
MESSAGE_TO_NATIONAL = Kind(
    code="followup_message_national",
    label="Nouveau message d'un signataire au gestionnaire national",
    audience=Audience.NATIONAL_MANAGER,
    mandatory=False,
    subject="Message de {{ author }} : {{ subject }}",
    body="{{ author }} ({{ reference }}) a écrit :\n\n{{ body }}\n\n{{ link }}",
)
DIGEST = Kind(
    code="followup_digest",
    label="Récapitulatif quotidien du suivi (jours ouvrés)",
    audience=Audience.ARS_AGENT,
    mandatory=False,
    subject="Suivi des signataires : {{ count }} point(s) depuis le {{ since }}",
    body="Depuis le {{ since }} :\n\n{{ lines }}\n\n{{ link }}",
)
ZONING_REFERENT = Kind(
    code="followup_zoning_referent",
    label="Changement de zonage touchant un de vos signataires (référent nommé)",
    audience=Audience.ARS_AGENT,
    # mandatory information of the named referent (workflows-payments §3.4, seed 001 §12)
    mandatory=True,
    subject="Nouveau zonage : la situation de {{ reference }} change",
    body="{{ body }}",
)
# --- legal notices (mandatory, each with its archived document) -------------------------
LEGAL_NOTICE = Kind(
    code="followup_legal_notice",
    label="Convocation, relance, mise en demeure ou résiliation (courrier officiel)",
    audience=Audience.SIGNATORY,
    mandatory=True,
    subject="{{ title }} — contrat {{ reference }}",
    body=(
        "{{ text }}\n\nLe courrier officiel, envoyé par lettre recommandée avec accusé de "
        "réception, est disponible : {{ link }}\nFondement : {{ source }}"
    ),
)
MANAGER_INFORMED = Kind(
    code="followup_manager_informed",
    label="Signataire absent deux fois sans justification (information du gestionnaire)",
    audience=Audience.NATIONAL_MANAGER,
    mandatory=True,
    subject="Deux absences non justifiées : {{ reference }}",
    body="{{ text }}\n\n{{ link }}\nFondement : {{ source }}",
)
KINDS = (
    MEETING_PLANNED,
    MEETING_RECORDED,
    EXCHANGE_UPCOMING,
    EXCHANGE_OVERDUE,
    REFERENT_NAMED,
    SIGNATORIES_HANDED_OVER,
    MESSAGE_TO_SIGNATORY,
    MESSAGE_TO_ARS,
    MESSAGE_TO_NATIONAL,
    DIGEST,
    ZONING_REFERENT,
    LEGAL_NOTICE,
    MANAGER_INFORMED,
)


def register_kinds() -> None:
    register(*KINDS)
