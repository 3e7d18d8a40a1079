"""The notification kinds of the requests domain (registered in ``apps.py``)."""

from __future__ import annotations

from cesp.core.audiences import Audience
from cesp.core.notifications.registry import Kind, register

FILED = Kind(
    code="request_filed",
    label="Accusé de réception de votre demande",
    audience=Audience.SIGNATORY,
    # the acknowledgement of a request to the administration (CRPA, art. L112-3)
    mandatory=True,
    subject="Demande reçue : {{ kind }} ({{ reference }})",
    body=(
        "Votre demande « {{ kind }} » sur le contrat {{ reference }} a été reçue le "
        "{{ filed_on }}. Elle sera instruite par : {{ decider }}.{% if opinions %} Avis "
        "demandé à : {{ opinions }}.{% endif %} Suivez-la dans « Mes demandes »."
    ),
)
OPINION_UFR = Kind(
    code="request_opinion_ufr",
    label="Avis demandé au directeur de l'UFR sur une demande de signataire",
    audience=Audience.UFR_AGENT,
    mandatory=False,
    subject="Avis demandé : {{ kind }} ({{ reference }})",
    body="{{ signatory }} demande : {{ kind }}. Votre avis motivé est attendu avant la décision.",
)
OPINION_ARS = Kind(
    code="request_opinion_ars",
    label="Avis demandé au directeur général de l'ARS sur une demande de signataire",
    audience=Audience.ARS_DIRECTOR,
    mandatory=False,
    subject="Avis demandé : {{ kind }} ({{ reference }})",
    body="{{ signatory }} demande : {{ kind }}. Votre avis est attendu avant la décision.",
)
DECIDED = Kind(
    code="request_decided",
    label="Décision sur votre demande",
    audience=Audience.SIGNATORY,
    # a notified decision, with its appeal routes (CJA R421-1 and R421-5)
    mandatory=True,
    subject="Décision : {{ kind }} {{ outcome }} ({{ reference }})",
    body=(
        "Votre demande « {{ kind }} » sur le contrat {{ reference }} est {{ outcome }} le "
        "{{ decided_on }}. La décision motivée, avec les voies et délais de recours (recours "
        "contentieux jusqu'au {{ appeal_until }}), est à télécharger : {{ link }}"
    ),
)
KINDS = (FILED, OPINION_UFR, OPINION_ARS, DECIDED)


def register_kinds() -> None:
    register(*KINDS)
