"""The vocabularies of the CESP, written once: professions, categories, statuses, phases.

Each vocabulary maps its code (the value of interfaces.md §1) to its French label. Every
other layer reuses these (model choices, forms, API literals, observatory, simulator):
a new profession or status is added here and nowhere else.
"""

from __future__ import annotations

#: Professions a contract can be signed for (code → French label).
PROFESSIONS: dict[str, str] = {
    "medecine": "Médecine",
    "odontologie": "Odontologie",
    "pharmacie": "Pharmacie",
    "maieutique": "Maïeutique",
    "padhue_medecine": "PADHUE médecine",
    "padhue_odontologie": "PADHUE odontologie",
}
#: The same professions explained to the public (the simulator).
PROFESSION_PUBLIC_LABELS: dict[str, str] = {
    "medecine": "Médecine",
    "odontologie": "Odontologie (chirurgie dentaire)",
    "pharmacie": "Pharmacie",
    "maieutique": "Maïeutique (sage-femme)",
    "padhue_medecine": "PADHUE — médecine",
    "padhue_odontologie": "PADHUE — odontologie",
}

#: Category of the signatory at signature (code → French label).
CATEGORIES: dict[str, str] = {
    "first_cycle": "Premier cycle",
    "second_cycle": "Deuxième cycle",
    "third_cycle": "Troisième cycle (interne)",
    "padhue": "PADHUE",
}
#: The same categories explained to the public (the simulator).
CATEGORY_PUBLIC_LABELS: dict[str, str] = {
    **CATEGORIES,
    "padhue": "PADHUE (praticien à diplôme hors Union européenne)",
}

#: Causes of the end of a contract (interfaces.md §1 ``breach.cause``), as a reader says them.
BREACH_CAUSE_LABELS: dict[str, str] = {
    "voluntary": "rupture à l'initiative du signataire",
    "death": "décès",
    "incapacity": "incapacité définitive d'exercer ou de poursuivre les études",
    "radiation": "radiation ou interdiction d'exercer",
    "zoning_change_protected": "changement de zonage avec projet stable depuis 3 ans",
}

#: Who recovers the sums due after a breach (cesp/rules/recovery.py; L632-6, décret 2025-270).
CREDITOR_LABELS: dict[str, str] = {
    "cpam": "caisse primaire d'assurance maladie du lieu d'exercice (CPAM)",
    "cng": "Centre national de gestion (CNG)",
    "asp": "Agence de services et de paiement (ASP)",
}

#: Grounds of a breach case (model contract art. 6; arrêté du 27 juillet 2010 art. 4).
BREACH_GROUND_LABELS: dict[str, str] = {
    "signatory_letter": "Dénonciation du contrat par le signataire (lettre recommandée)",
    "permanent_ban": "Interdiction définitive d'exercer prononcée par la juridiction ordinale",
    "criminal_ban": "Interdiction d'exercer prononcée par une juridiction pénale",
    "radiation": "Radiation du tableau de l'Ordre",
    "change_of_place": "Changement de lieu d'exercice hors de la procédure prévue",
    "exclusion": "Exclusion de la formation",
    "absences": "Absences injustifiées aux convocations de l'ARS",
    "engagement_not_met": "Engagement d'exercice non respecté (signalement de l'ARS)",
}

#: The eight statuses of a contract on a date (interfaces.md §1), with their label.
STATUS_LABELS: dict[str, str] = {
    "in_studies": "En études",
    "suspended": "Suspendu",
    "deferred": "Installation reportée",
    "practising": "En exercice",
    "practice_suspended": "Exercice suspendu",
    "completed": "Engagement accompli",
    "broken": "Rompu",
    "ended_without_repayment": "Terminé sans remboursement",
}
STATUSES: tuple[str, ...] = tuple(STATUS_LABELS)

#: Phases of the observatory (interfaces.md §2), each a group of statuses.
PHASE_LABELS: dict[str, str] = {
    "studies": "En études",
    "installed": "Installé·e (engagement en cours)",
    "completed": "Engagement accompli",
    "broken": "Rompu ou terminé",
}
PHASE_OF_STATUS: dict[str, str] = {
    "in_studies": "studies",
    "suspended": "studies",
    "deferred": "studies",
    "practising": "installed",
    "practice_suspended": "installed",
    "completed": "completed",
    "broken": "broken",
    "ended_without_repayment": "broken",
}


def statuses_in_phase(phase: str) -> frozenset[str]:
    """The statuses grouped under ``phase`` (empty for an unknown phase)."""
    return frozenset(s for s, p in PHASE_OF_STATUS.items() if p == phase)


def status_label(status: str) -> str:
    """The French label of a status (the code itself if unknown)."""
    return STATUS_LABELS.get(status, status)


#: The two regulations a contract can fall under (code of interfaces.md §1 → French label).
REGIME_LABELS: dict[str, str] = {
    "pre2020": "régime de 2010 (décret 2010-735)",
    "post2020": "régime de 2020 (décret 2020-268)",
}


def profession_in_text(code: str) -> str:
    """« médecine », « PADHUE médecine » inside a sentence; an unknown code made readable."""
    label = PROFESSIONS.get(code) or code.replace("_", " ")
    first = label.split(" ", 1)[0]
    return label if first.isupper() else label[:1].lower() + label[1:]


def regime_label(regime: str) -> str:
    """The French label of a regime (the code itself if unknown)."""
    return REGIME_LABELS.get(regime, regime)


#: The events of a situation (interfaces.md §1) named for a French reader, with their article.
EVENT_LABELS: dict[str, str] = {
    "suspension": "la suspension pendant les études",
    "internship_start": "la prise de fonctions d'interne",
    "third_cycle_suspension_request": "la demande de suspension du troisième cycle",
    "des": "le diplôme d'études spécialisées",
    "thesis": "la thèse",
    "pathway_end": "la fin du parcours",
    "deferral": "le report d'installation",
    "practice": "l'exercice",
    "practice_suspension": "la suspension d'exercice",
    "breach": "la rupture",
}


def event_label(event_type: str) -> str:
    """« la thèse » for ``thesis`` (the code itself if unknown)."""
    return EVENT_LABELS.get(event_type, event_type)


#: States of a contract offer (issue 9; R631-24-5): sent, received, then one outcome.
OFFER_STATE_LABELS: dict[str, str] = {
    "sent": "Envoyée, réception à prouver",
    "received": "Reçue, délai de réflexion en cours",
    "signed": "Contrat signé reçu, à contresigner",
    "countersigned": "Contrat contresigné",
    "declined": "Refusée par le candidat",
    "lapsed": "Caduque (pas de retour dans le délai)",
    "withdrawn": "Désistement avant signature",
}
#: How an offer went out, was received, or how the signed contract came back: the proof
#: that gives it a « date certaine » (R631-24-5).
OFFER_PROOF_LABELS: dict[str, str] = {
    "portal": "Horodatage du portail",
    "lrar": "Lettre recommandée avec avis de réception",
    "elrar": "Lettre recommandée électronique",
}


#: Signatories' requests (issue 11): the kinds a signatory files, and where each stands.
REQUEST_KINDS: dict[str, str] = {
    "studies_suspension": "Suspension pendant les études",
    "third_cycle_suspension": "Suspension pendant tout le troisième cycle",
    "deferral": "Report d'installation",
    "practice_suspension": "Suspension de l'exercice",
    "change_of_place": "Changement de lieu d'exercice",
    "sixth_year_wish": "Vœu de spécialité et de subdivision (6e année)",
}
REQUEST_STATES: dict[str, str] = {
    "draft": "Brouillon",
    "awaiting_opinion": "En attente d'avis",
    "to_decide": "En instruction",
    "granted": "Accordée",
    "refused": "Refusée",
    "withdrawn": "Retirée",
}
#: Grounds of a suspension during studies (arrêté du 27 juillet 2010, art. 3).
STUDIES_SUSPENSION_GROUNDS: dict[str, str] = {
    "maternite": "Congé de maternité",
    "paternite": "Congé de paternité",
    "adoption": "Congé d'adoption",
    "maladie": "Maladie",
    "accident": "Accident",
    "disponibilite": "Disponibilité",
    "conge": "Autre congé",
}
#: Specialties offered to a sixth-year wish (the CESP list; general medicine first).
WISH_SPECIALTIES: dict[str, str] = {
    "medecine_generale": "Médecine générale",
    "psychiatrie": "Psychiatrie",
    "pediatrie": "Pédiatrie",
    "gynecologie_medicale": "Gynécologie médicale",
    "ophtalmologie": "Ophtalmologie",
    "anesthesie_reanimation": "Anesthésie-réanimation",
    "medecine_urgence": "Médecine d'urgence",
    "geriatrie": "Gériatrie",
    "dermatologie": "Dermatologie",
    "cardiologie": "Cardiologie",
}


#: Specialties a contract may carry (code → French label): the wish list plus dentistry.
SPECIALTY_LABELS: dict[str, str] = {
    **WISH_SPECIALTIES,
    "chirurgie_dentaire": "Chirurgie dentaire",
    "orthopedie_dento_faciale": "Orthopédie dento-faciale",
    "chirurgie_orale": "Chirurgie orale",
    "medecine_bucco_dentaire": "Médecine bucco-dentaire",
}


def specialty_label(code: str) -> str:
    """« Médecine générale » for ``medecine_generale``; an unknown code made readable."""
    if not code or code in SPECIALTY_LABELS:
        return SPECIALTY_LABELS.get(code, "")
    if code.islower():  # an unlisted code: « medecine_nucleaire » → « Medecine nucleaire »
        return code.replace("_", " ").strip().capitalize()
    return code  # already written for a reader (a cohort file's free text)
