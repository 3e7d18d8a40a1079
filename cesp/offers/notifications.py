"""The notification kinds of the offers (registered in ``apps.py``).

An offer starts the 30-day period of R631-24-5: its notice is mandatory, as is the notice
of the countersigned contract (the manager « notifie » the contract, seed 004)."""

from __future__ import annotations

from cesp.core.audiences import Audience
from cesp.core.notifications.registry import Kind, register

OFFER_MADE = Kind(
    code="contract_offer",
    label="Offre de contrat d'engagement de service public",
    audience=Audience.SIGNATORY,
    mandatory=True,
    subject="Offre de contrat d'engagement de service public — {{ stream }}",
    body=(
        "Bonjour {{ name }},\n\n"
        "Au vu de votre classement ({{ list }}, rang {{ rank }}) et du nombre de contrats "
        "ouverts pour {{ stream }} à {{ ufr }}, un contrat d'engagement de service public "
        "vous est proposé (offre envoyée le {{ dispatched }}).\n\n"
        "Vous disposez de trente jours à compter de la réception de cette offre pour "
        "faire parvenir le contrat signé, par tout moyen donnant date certaine à sa "
        "réception (Code de l'éducation, art. R631-24-5).{% if deadline %} Date limite : "
        "{{ deadline }}.{% endif %} Sans retour dans ce délai, l'offre devient caduque et "
        "le contrat est proposé au candidat suivant.\n\n"
        "Consultez votre offre et répondez-y sur le portail : {{ link }}"
    ),
)
OFFER_LAPSED = Kind(
    code="contract_offer_lapsed",
    label="Offre de contrat devenue caduque",
    audience=Audience.SIGNATORY,
    mandatory=False,
    subject="Votre offre de contrat est caduque",
    body=(
        "Bonjour {{ name }},\n\n"
        "Le contrat signé n'est pas parvenu au plus tard le {{ deadline }} : l'offre du "
        "{{ dispatched }} est caduque et le contrat est proposé au candidat suivant "
        "(Code de l'éducation, art. R631-24-5)."
    ),
)
CONTRACT_COUNTERSIGNED = Kind(
    code="contract_countersigned",
    label="Notification du contrat contresigné",
    audience=Audience.SIGNATORY,
    mandatory=True,
    subject="Votre contrat d'engagement de service public est signé — {{ reference }}",
    body=(
        "Bonjour {{ name }},\n\n"
        "Le gestionnaire national a contresigné votre contrat {{ reference }} le "
        "{{ countersigned }}. L'allocation prend effet le {{ effect }} et le décompte de "
        "votre engagement commence (arrêté du 27 juillet 2010, art. 3).\n\n"
        "Votre contrat : {{ link }}"
    ),
)
KINDS = (OFFER_MADE, OFFER_LAPSED, CONTRACT_COUNTERSIGNED)


def register_kinds() -> None:
    register(*KINDS)
