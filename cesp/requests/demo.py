"""The requests' demo (idempotent): requests at every step for Occitanie and Bretagne.

Two demo signatories are added with their contracts (created through
``contracts.services`` as the command-line operator, as the contracts' demo does), and a
director for the ARS of Bretagne; the requests go through the same use cases as real
ones (``services.file_request``, ``give_opinion``, ``decide``, ``withdraw``), so their
steps, documents and notifications are the real ones. A filing the rules refuse on the
demo's facts is skipped and counted, never forced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction

from cesp.accounts.enums import Role
from cesp.accounts.models import Organisation, User
from cesp.contracts import services as contract_services
from cesp.contracts.models import Contract
from cesp.core.workflow.engine import TransitionRefused

from . import services
from .enums import ProofKind
from .models import Request
from .proofs import CheckedProof, sample_pdf

PASSWORD = "demo"
REASON = "Jeu de démonstration des demandes"
#: username → (organisation code, role)
ACCOUNTS = {
    "signataire-report": ("", Role.STUDENT),
    "signataire-bretagne": ("", Role.STUDENT),
    "ars-bretagne-directeur": ("ars-bretagne", Role.ARS_DIRECTOR),
}


@dataclass
class Summary:
    filed: int = 0
    skipped: list[str] = field(default_factory=list)
    already_loaded: bool = False
    missing: str = ""


def _account(username: str, orgs: dict[str, Organisation], first: str, last: str) -> User:
    code, role = ACCOUNTS[username]
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "organisation": orgs.get(code),
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.cesp.invalid",
        },
    )
    if created:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return user


def _contract(reference: str, signatory: User, ufr: Organisation, region: str, events) -> Contract:
    contract = contract_services.create_contract(
        None,
        {
            "reference": reference,
            "profession": "medecine",
            "category": "second_cycle",
            "campaign_year": 2021,
            "signature_date": date(2022, 6, 20),
            "ufr": ufr,
            "followup_region": region,
            "specialty": "medecine_generale",
            "signatory": signatory,
            "signatory_first_name": signatory.first_name,
            "signatory_last_name": signatory.last_name,
        },
        reason=REASON,
    )
    contract_services.record_events(None, contract, [{"reason": REASON, **e} for e in events])
    return contract


def _proof(name: str) -> CheckedProof:
    return sample_pdf(name, "Justificatif de démonstration")


def load(today: date) -> Summary:
    summary = Summary()
    if Request.objects.filter(motive__startswith="[démo]").exists():
        summary.already_loaded = True
        return summary
    users = {u.username: u for u in User.objects.filter(username__in=_DEMO_USERS)}
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=_DEMO_ORGS)}
    if "etudiant" not in users or not {"ufr-montpellier", "ufr-rennes"} <= set(orgs):
        summary.missing = "chargez d'abord la démonstration des contrats (load_demo)"
        return summary
    with transaction.atomic():
        _load(today, users, orgs, summary)
    return summary


_DEMO_USERS = (
    "etudiant",
    "etudiant-2",
    "etudiant-3",
    "ufr-montpellier",
    "ars-occitanie-directeur",
    "ars-bretagne",
    "national",
)
_DEMO_ORGS = ("ufr-montpellier", "ufr-rennes", "ars-bretagne", "ars-occitanie")


def _load(today: date, users: dict, orgs: dict, summary: Summary) -> None:
    report = _account("signataire-report", orgs, "Inès", "Vidal")
    bretagne = _account("signataire-bretagne", orgs, "Yann", "Le Gall")
    users["ars-bretagne-directeur"] = _account("ars-bretagne-directeur", orgs, "Anne", "Kerjean")
    thesis = today - timedelta(days=20)
    graduate = [
        {"type": "des", "date": thesis - timedelta(days=30)},
        {"type": "thesis", "date": thesis},
    ]
    occitanie = Contract.objects.filter(reference="DEMO-REQ-76-0001").first() or _contract(
        "DEMO-REQ-76-0001", report, orgs["ufr-montpellier"], "76", graduate
    )
    breton = Contract.objects.filter(reference="DEMO-REQ-53-0001").first() or _contract(
        "DEMO-REQ-53-0001",
        bretagne,
        orgs["ufr-rennes"],
        "53",
        [{"type": "internship_start", "date": today - timedelta(days=12)}],
    )
    student = Contract.objects.filter(signatory=users["etudiant"]).first()
    second = Contract.objects.filter(signatory=users.get("etudiant-2")).first()
    start = today.replace(day=1)
    proof = [(ProofKind.SUPPORTING, _proof("attestation.pdf"))]

    def step(label: str, action: Callable[[], object]) -> object | None:
        try:
            with transaction.atomic():
                result = action()
        except TransitionRefused as refusal:
            summary.skipped.append(f"{label} : {' '.join(refusal.reasons)}")
            return None
        summary.filed += 1
        return result

    def file(contract, user, kind, data, proofs=proof):
        return services.file_request(
            user, contract, kind, {**data, "motive": f"[démo] {data.get('motive', '')}"}, proofs
        )

    # Occitanie — a deferral awaiting the UFR director's opinion (signataire-report)
    step(
        "report en attente d'avis",
        lambda: file(
            occitanie,
            report,
            "deferral",
            {"start": start, "end": start + timedelta(days=180), "motive": "Post-internat"},
        ),
    )
    if student is not None:
        # the demo student practises in Rodez: a practice suspension for the DG ARS
        step(
            "suspension d'exercice à décider",
            lambda: file(
                student,
                users["etudiant"],
                "practice_suspension",
                {
                    "start": start + timedelta(days=62),
                    "end": start + timedelta(days=240),
                    "motive": "Mission humanitaire",
                },
            ),
        )
        # a change of region (Rodez → Brest): both DG ARS give their opinion
        change = step(
            "changement de région",
            lambda: file(
                student,
                users["etudiant"],
                "change_of_place",
                {"commune_code": "29019", "start": start + timedelta(days=120)},
                [],
            ),
        )
        if change is not None:
            step(
                "avis de l'ARS de Bretagne",
                lambda: services.give_opinion(
                    users["ars-bretagne-directeur"], change, True, "Lieu en zone d'intervention."
                ),
            )
    if second is not None:
        granted = step(
            "suspension pendant les études accordée",
            lambda: file(
                second,
                users["etudiant-2"],
                "studies_suspension",
                {"ground": "maladie", "start": start, "end": start + timedelta(days=75)},
            ),
        )
        if granted is not None:
            step(
                "décision du gestionnaire",
                lambda: services.decide(
                    users["national"], granted, True, "Arrêt de travail joint (art. 3)."
                ),
            )
    # Bretagne — a suspension during studies refused by the manager, another withdrawn
    refused = step(
        "suspension refusée",
        lambda: file(
            breton,
            bretagne,
            "studies_suspension",
            {"ground": "disponibilite", "start": start, "end": start + timedelta(days=40)},
        ),
    )
    if refused is not None:
        step(
            "refus du gestionnaire",
            lambda: services.decide(
                users["national"],
                refused,
                False,
                "La disponibilité n'est pas attestée par le CHU de rattachement.",
            ),
        )
    later = start + timedelta(days=200)
    withdrawn = step(
        "demande retirée",
        lambda: file(
            breton,
            bretagne,
            "studies_suspension",
            {"ground": "conge", "start": later, "end": later + timedelta(days=60)},
        ),
    )
    if withdrawn is not None:
        step("retrait", lambda: services.withdraw(bretagne, withdrawn))
    # Bretagne — a third-cycle suspension within the 30 days, for the manager
    step(
        "suspension du troisième cycle",
        lambda: file(breton, bretagne, "third_cycle_suspension", {}),
    )
    # Bretagne — a sixth-year wish filed last April with the other ARS's agreement, recorded
    wish = step(
        "vœu de 6e année",
        lambda: services.file_request(
            bretagne,
            breton,
            "sixth_year_wish",
            {"specialty": "pediatrie", "region": "53", "motive": "[démo] Vœu de 6e année"},
            [(ProofKind.AGREEMENT, _proof("accord-ars.pdf"))],
            on=date(today.year if today.month > 5 else today.year - 1, 4, 15),
        ),
    )
    if wish is not None:
        step(
            "vœu enregistré",
            lambda: services.decide(users["ars-bretagne"], wish, True, "Vœu enregistré."),
        )
