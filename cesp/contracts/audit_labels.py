"""The French labels of the contracts' audit entries (registered in ContractsConfig.ready)."""

from __future__ import annotations

from cesp.core.audit.labels import (
    register_action,
    register_field,
    register_value_function,
    register_values,
)
from cesp.core.geography import region_name
from cesp.rules import vocabulary

from .enums import BreachCause, EventType, SuspensionReason

ACTIONS = {
    "contract.create": "Contrat créé",
    "contract.update": "Contrat modifié",
    "contract.import": "Contrat importé",
    "contract_event.create": "Événement enregistré",
}

FIELDS = {
    "profession": "Profession",
    "category": "Catégorie à la signature",
    "campaign_year": "Campagne",
    "signature_date": "Date de signature",
    "followup_region": "Région de suivi",
    "regime_override": "Régime retenu",
    "specialty": "Spécialité",
    "type": "Type d'événement",
    "zone_share": "Part en zone sous-dotée",
    "cause": "Cause",
    "suspension_reason": "Motif de suspension",
}


def register() -> None:
    for code, label in ACTIONS.items():
        register_action(code, label)
    for name, label in FIELDS.items():
        register_field(name, label)
    register_field("reference", "Référence", free_text=True)
    register_field("legal_basis", "Fondement", free_text=True)
    register_values("profession", vocabulary.PROFESSIONS, prefix="contract")
    register_values("category", vocabulary.CATEGORIES, prefix="contract")
    register_values("specialty", vocabulary.SPECIALTY_LABELS, prefix="contract")
    register_values("regime_override", vocabulary.REGIME_LABELS, prefix="contract")
    register_value_function("followup_region", region_name, prefix="contract")
    register_values("type", dict(EventType.choices), prefix="contract_event")
    register_values("cause", dict(BreachCause.choices), prefix="contract_event")
    register_values("suspension_reason", dict(SuspensionReason.choices), prefix="contract_event")
