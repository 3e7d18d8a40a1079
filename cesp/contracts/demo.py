"""A realistic synthetic dataset for the demo: ~3 000 contracts, every region,
campaigns 2010–2026, every phase and status, both regimes, all professions.

Deterministic (fixed seed) and idempotent (a second run changes nothing). Each
contract's events tell a coherent story (internship, diplomas, deferral, practice,
suspensions, breach) and every situation is checked by ``cesp.rules`` before it is
written; only facts dated up to today are recorded. Demo accounts (password
``demo``) exist only when ``settings.CESP_DEMO_MODE`` is true.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from cesp.accounts.enums import OrganisationKind, Role
from cesp.accounts.models import Organisation, User
from cesp.core.audit import services as audit
from cesp.core.geography import communes_in_region
from cesp.rules.errors import SituationError
from cesp.rules.months import Month

from . import demo_data as data
from . import services
from .enums import Category, EventType, Profession
from .figures import build_situation, evaluate_situation
from .models import Contract, ContractEvent

SEED = 20101001
REFERENCE_PREFIX = "DEMO-"
DEMO_REASON = "Données de démonstration (synthétiques)"


@dataclass
class DemoSummary:
    created: int = 0
    already_loaded: bool = False
    statuses: Counter = field(default_factory=Counter)
    simplified: int = 0
    accounts: list[str] = field(default_factory=list)


@dataclass
class Story:
    """One contract to create: its fields and its events (ContractEvent kwargs)."""

    contract: dict[str, Any]
    ufr_code: str
    events: list[dict[str, Any]]


def campaign_sizes(total: int) -> dict[int, int]:
    """Contracts per campaign: ramping up from 2010, a few early 2026 signatures."""
    weights = {year: min(60 + (year - 2010) * 22, 260) for year in range(2010, 2026)}
    weights[2026] = 40
    scale = total / sum(weights.values())
    sizes = {year: max(1, round(w * scale)) for year, w in weights.items()}
    sizes[2024] += total - sum(sizes.values())
    return sizes


def pick_profession(rng: random.Random, campaign: int) -> str:
    """Shares by period: dentistry from 2013, PADHUE from 2020, pharmacy and
    midwifery from the 2025 campaign (décret 2026-4)."""
    choices = [(Profession.MEDECINE, 80)]
    if campaign >= 2013:
        choices.append((Profession.ODONTOLOGIE, 14))
    if campaign >= 2020:
        choices += [(Profession.PADHUE_MEDECINE, 4), (Profession.PADHUE_ODONTOLOGIE, 1)]
    if campaign >= 2025:
        choices += [(Profession.PHARMACIE, 5), (Profession.MAIEUTIQUE, 5)]
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def pick_category(rng: random.Random, profession: str) -> str:
    if profession.startswith("padhue"):
        return Category.PADHUE
    if profession in {Profession.PHARMACIE, Profession.MAIEUTIQUE}:
        return rng.choice([Category.FIRST_CYCLE, Category.SECOND_CYCLE])
    third = 0.45 if profession == Profession.MEDECINE else 0.3
    return Category.THIRD_CYCLE if rng.random() < third else Category.SECOND_CYCLE


def between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def first_of_month_after(day: date, months: int) -> date:
    return (Month.of(day) + months).first_day()


def signatory_identity(seed: int, reference: str) -> dict[str, str]:
    """A plausible French name for a demo contract's signatory, drawn from its own
    generator (seed and reference), so the stories' draws are unchanged."""
    rng = random.Random(f"{seed}:{reference}")
    return {
        "signatory_last_name": rng.choice(data.LAST_NAMES),
        "signatory_first_name": rng.choice(data.FIRST_NAMES),
    }


class StoryTeller:
    """Draws coherent contract stories from a seeded generator."""

    def __init__(self, today: date, seed: int = SEED) -> None:
        self.today = today
        self.seed = seed
        self.rng = random.Random(seed)
        self.ufr_weights = [(code, region, weight) for code, _, region, weight in data.UFRS]
        self.communes = self._communes()

    def _communes(self) -> dict[str, list[str]]:
        result = {}
        for region in data.REGIONS:
            small = [c.code for c in communes_in_region(region) if (c.population or 0) < 20000]
            result[region] = sorted(small)[:400] or [c.code for c in communes_in_region(region)]
        return result

    def commune(self, region: str) -> str:
        codes = self.communes.get(region) or self.communes.get("76") or ["34172"]
        return self.rng.choice(codes)

    def story(self, number: int, campaign: int) -> Story:
        rng = self.rng
        profession = pick_profession(rng, campaign)
        category = pick_category(rng, profession)
        codes, regions, weights = zip(*self.ufr_weights, strict=True)
        index = rng.choices(range(len(codes)), weights)[0]
        ufr_code, region = codes[index], regions[index]
        followup = region
        if rng.random() < 0.12:  # followed elsewhere, incl. regions without a faculty
            followup = rng.choice(list(data.REGIONS))
            if followup in data.FOLLOWED_FROM:
                ufr_code = data.FOLLOWED_FROM[followup]
        signature = self.signature_date(campaign)
        contract = {
            "reference": f"{REFERENCE_PREFIX}{campaign}-{number:05d}",
            "profession": profession,
            "category": category,
            "campaign_year": campaign,
            "signature_date": signature,
            "followup_region": followup,
            "specialty": self.specialty(profession),
            "birth_date": signature
            - timedelta(days=365 * rng.randint(21, 29) + rng.randint(0, 364)),
            "bridge_entry": rng.random() < 0.06,
            "planned_region": followup if rng.random() < 0.8 else rng.choice(list(data.REGIONS)),
        }
        contract.update(signatory_identity(self.seed, contract["reference"]))
        events = self.events(contract, followup)
        return Story(contract, ufr_code, events)

    def signature_date(self, campaign: int) -> date:
        if campaign >= 2026:
            return between(self.rng, date(2026, 10, 1), self.today - timedelta(days=1))
        return between(self.rng, date(campaign + 1, 2, 1), date(campaign + 1, 9, 30))

    def specialty(self, profession: str) -> str:
        if profession in {Profession.MEDECINE, Profession.PADHUE_MEDECINE}:
            names, weights = zip(*data.MEDICAL_SPECIALTIES, strict=True)
            return self.rng.choices(names, weights)[0]
        if profession in {Profession.ODONTOLOGIE, Profession.PADHUE_ODONTOLOGIE}:
            return "chirurgie_dentaire"
        return ""

    # -- the story -------------------------------------------------------------
    def events(self, contract: dict[str, Any], region: str) -> list[dict[str, Any]]:
        rng, signature = self.rng, contract["signature_date"]
        campaign, profession = contract["campaign_year"], contract["profession"]
        events: list[dict[str, Any]] = []
        stop = self.studies(contract, events)
        if stop is None or stop > self.today:
            self.during_studies(signature, events)
            return [e for e in events if self.known(e)]
        practice_start = first_of_month_after(stop, rng.randint(1, 5))
        if rng.random() < 0.1:  # deferral of installation, at most 12 months
            months = rng.randint(3, 12)
            start = first_of_month_after(stop, 1)
            end = (Month.of(start) + (months - 1)).last_day()
            events.append(
                self.period(
                    EventType.DEFERRAL_GRANTED, start, end, "Code de l'éducation, art. R631-24-6"
                )
            )
            practice_start = first_of_month_after(end, 1)
        roll = rng.random()
        if roll < 0.006:
            cause = rng.choice(["death", "incapacity"])
            events.append(self.breach(between(rng, stop, self.today), cause))
            return [e for e in events if self.known(e)]
        if practice_start > self.today:
            return [e for e in events if self.known(e)]
        commune = self.commune(region)
        decision = max(signature, practice_start - timedelta(days=rng.randint(15, 60)))
        events.append(
            {
                "type": EventType.INSTALLATION_DECISION,
                "date": decision,
                "commune_code": commune,
                "legal_basis": "Code de l'éducation, art. R631-24-7",
            }
        )
        share = Decimal(rng.choices(["1", "0.8", "0.6", "0.5", "0.4"], [80, 7, 5, 5, 3])[0])
        practice = {
            "type": EventType.PRACTICE,
            "start": practice_start,
            "end": None,
            "zone_share": share,
            "commune_code": commune,
        }
        events.append(practice)
        if rng.random() < 0.1:
            moved = between(rng, practice_start + timedelta(days=200), self.today)
            events.append(
                {
                    "type": EventType.CHANGE_OF_PLACE,
                    "date": moved,
                    "commune_code": self.commune(region),
                }
            )
        if rng.random() < 0.06:
            start = first_of_month_after(between(rng, practice_start, self.today), 1)
            end = (Month.of(start) + rng.randint(0, 8)).last_day()
            events.append(
                self.period(
                    EventType.PRACTICE_SUSPENSION, start, end, "Code de l'éducation, art. R631-24-6"
                )
            )
        if roll > 0.92 and campaign < 2024:
            day = between(rng, practice_start + timedelta(days=60), self.today)
            cause = rng.choices(["voluntary", "radiation", "zoning_change_protected"], [90, 3, 7])[
                0
            ]
            events.append(self.breach(day, cause))
            practice["end"] = day - timedelta(days=1)
            events[:] = [e for e in events if self.before_breach(e, day)]
        del profession
        return [e for e in events if self.known(e)]

    def studies(self, contract: dict[str, Any], events: list[dict[str, Any]]) -> date | None:
        """Diplomas: the date the allocation stops (``None`` when none is due yet)."""
        rng, campaign = self.rng, contract["campaign_year"]
        profession, category = contract["profession"], contract["category"]
        signature = contract["signature_date"]
        if profession == Profession.MEDECINE:
            if category == Category.SECOND_CYCLE:
                start = date(max(campaign + rng.randint(1, 2), signature.year), 11, 2)
                events.append({"type": EventType.INTERNSHIP_START, "date": start})
                if rng.random() < 0.06:
                    request = start + timedelta(days=rng.randint(3, 28))
                    events.append(
                        {
                            "type": EventType.THIRD_CYCLE_SUSPENSION_REQUEST,
                            "date": request,
                            "legal_basis": "Arrêté du 27 juillet 2010, art. 3",
                        }
                    )
                length = (
                    3 if contract["specialty"] == "medecine_generale" and start.year < 2023 else 4
                )
                des = date(start.year + length, 10, rng.randint(10, 28))
            else:
                des = date(signature.year + rng.randint(1, 3), 10, rng.randint(10, 28))
            thesis = max(
                signature + timedelta(days=30), des + timedelta(days=rng.randint(-180, 300))
            )
            events.append({"type": EventType.DES, "date": des})
            events.append({"type": EventType.THESIS, "date": thesis})
            return max(des, thesis)
        if profession == Profession.ODONTOLOGIE:
            years = rng.randint(2, 4) if category == Category.SECOND_CYCLE else rng.randint(1, 3)
            thesis = date(signature.year + years, rng.randint(6, 12), rng.randint(1, 28))
            events.append({"type": EventType.THESIS, "date": thesis})
            return thesis
        if profession.startswith("padhue"):
            end = date(signature.year + rng.randint(1, 2), rng.randint(1, 12), rng.randint(1, 28))
            events.append({"type": EventType.PATHWAY_END, "date": end})
            return end
        return None  # pharmacy and midwifery: too recent for a diploma

    def during_studies(self, signature: date, events: list[dict[str, Any]]) -> None:
        rng = self.rng
        if rng.random() < 0.06:  # leave: whole months, maternity most often
            start = first_of_month_after(between(rng, signature, self.today), 0)
            end = (Month.of(start) + rng.randint(0, 5)).last_day()
            reason = rng.choices(["maternite", "maladie", "disponibilite"], [60, 25, 15])[0]
            event = self.period(
                EventType.SUSPENSION, start, end, "Code de l'éducation, art. R631-24-4"
            )
            event["suspension_reason"] = reason
            events.append(event)
        if rng.random() < 0.04:  # the contract ends on receipt: nothing after it
            day = between(rng, signature, self.today)
            events[:] = [e for e in events if self.before_breach(e, day)]
            events.append(self.breach(day, "voluntary"))

    @staticmethod
    def period(kind: str, start: date, end: date, basis: str) -> dict[str, Any]:
        return {"type": kind, "start": start, "end": end, "legal_basis": basis}

    @staticmethod
    def breach(day: date, cause: str) -> dict[str, Any]:
        return {
            "type": EventType.BREACH,
            "date": day,
            "cause": cause,
            "legal_basis": "Code de l'éducation, art. R631-24-8",
        }

    def known(self, event: dict[str, Any]) -> bool:
        """Only facts up to today are recorded (a period may run past today)."""
        return (event.get("date") or event.get("start")) <= self.today

    @staticmethod
    def before_breach(event: dict[str, Any], day: date) -> bool:
        return (event.get("date") or event.get("start")) <= day


def ensure_organisations() -> dict[str, Organisation]:
    """Every ARS, UFR, the national manager and a research team (idempotent)."""
    orgs = {}
    for region, (name, slug) in data.REGIONS.items():
        orgs[f"ars-{slug}"], _ = Organisation.objects.update_or_create(
            code=f"ars-{slug}",
            defaults={"kind": OrganisationKind.ARS, "name": f"ARS {name}", "region_code": region},
        )
    for code, name, region, _ in data.UFRS:
        orgs[code], _ = Organisation.objects.update_or_create(
            code=code, defaults={"kind": OrganisationKind.UFR, "name": name, "region_code": region}
        )
    for code, kind, name in [
        (data.NATIONAL_CODE, OrganisationKind.NATIONAL, data.NATIONAL_NAME),
        (data.RESEARCH_CODE, OrganisationKind.RESEARCH, data.RESEARCH_NAME),
    ]:
        orgs[code], _ = Organisation.objects.update_or_create(
            code=code, defaults={"kind": kind, "name": name, "region_code": ""}
        )
    return orgs


def ensure_accounts(orgs: dict[str, Organisation]) -> dict[str, User]:
    """The demo logins, password ``demo`` — only in demo mode."""
    if not settings.CESP_DEMO_MODE:
        return {}
    users = {}
    for username, (role, org_code) in data.DEMO_ACCOUNTS.items():
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "organisation": orgs.get(org_code) if org_code else None,
                "is_active": True,
                "is_staff": role == Role.ADMIN,
                "is_superuser": role == Role.ADMIN,
                # Reserved domain: never delivered; the demo mailbox shows the e-mails.
                "email": f"{username}@demo.cesp.invalid",
            },
        )
        user.set_password(data.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        users[username] = user
    return users


#: The ``etudiant`` account's contract. Signed in June 2022, after the demo zoning of
#: Occitanie came into force (4 May 2022), with its project in Rodez, classed in that
#: zoning: its zoning attestation attests something (territories.demo).
STUDENT_REFERENCE = f"{REFERENCE_PREFIX}2021-00000"
STUDENT_COMMUNE = "12202"
STUDENT_IDENTITY = {"signatory_last_name": "Fabre", "signatory_first_name": "Léa"}


def student_story(today: date) -> Story:
    """The ``etudiant`` account's contract: Montpellier, general medicine, signed in the
    third cycle (June 2022), now practising in Rodez (Aveyron)."""
    signature = date(2022, 6, 20)
    events = [
        {"type": EventType.DES, "date": date(2024, 10, 18)},
        {"type": EventType.THESIS, "date": date(2024, 12, 12)},
        {
            "type": EventType.INSTALLATION_DECISION,
            "date": date(2025, 2, 5),
            "commune_code": STUDENT_COMMUNE,
            "legal_basis": "Code de l'éducation, art. R631-24-7",
            "reason": "Maison de santé",
        },
        {
            "type": EventType.PRACTICE,
            "start": date(2025, 3, 1),
            "end": None,
            "zone_share": Decimal(1),
            "commune_code": STUDENT_COMMUNE,
        },
    ]
    contract = {
        "reference": STUDENT_REFERENCE,
        "profession": Profession.MEDECINE,
        "category": Category.THIRD_CYCLE,
        "campaign_year": 2021,
        "signature_date": signature,
        "followup_region": "76",
        "specialty": "medecine_generale",
        "birth_date": date(1996, 3, 14),
        "bridge_entry": False,
        "planned_region": "76",
        **STUDENT_IDENTITY,
    }
    return Story(
        contract, "ufr-montpellier", [e for e in events if e.get("date", e.get("start")) <= today]
    )


def other_signatories(stories: list[Story], count: int) -> list[Story]:
    """Contracts for the other signatory accounts: followed in Occitanie, medicine, still
    in studies (no installation yet), so that they may choose the same practice place
    and the ARS director arbitrates (territories.places)."""
    found = []
    for story in stories[1:]:
        types = {e["type"] for e in story.events}
        if (
            story.contract["followup_region"] == "76"
            and story.contract["profession"] == Profession.MEDECINE
            and story.contract["campaign_year"] >= 2021
            and not types & {EventType.PRACTICE, EventType.BREACH, EventType.DEFERRAL_GRANTED}
        ):
            found.append(story)
        if len(found) == count:
            break
    return found


def checked(story: Story, today: date, summary: DemoSummary) -> Story:
    """Keep the story if the rules accept it; else drop events until they do."""
    contract = Contract(**story.contract)
    attempts = [story.events, [e for e in story.events if e["type"] != EventType.BREACH], []]
    for events in attempts:
        objects = [ContractEvent(pk=None, **e) for e in events]
        try:
            evaluation = evaluate_situation(build_situation(contract, objects), as_of=today)
        except SituationError:
            summary.simplified += 1
            continue
        summary.statuses[evaluation.to_dict(explain=False)["status"]] += 1
        return Story(story.contract, story.ufr_code, events)
    raise AssertionError("a contract without events must be accepted")  # pragma: no cover


def record_story(story: Story, orgs: dict[str, Organisation], signatory: User | None) -> None:
    """One contract and its events through the use cases real ones go through
    (``services.create_contract`` and ``services.record_events``: rules check, audit
    entry for the contract and for each event), in one transaction, as the command-line
    operator (``user=None``)."""
    with transaction.atomic():
        contract = services.create_contract(
            None,
            {**story.contract, "ufr": orgs[story.ufr_code], "signatory": signatory},
            reason=DEMO_REASON,
        )
        if story.events:
            services.record_events(
                None, contract, [{"reason": DEMO_REASON, **e} for e in story.events]
            )


def load_demo(
    total: int = 3000, today: date | None = None, seed: int = SEED, check: bool = True
) -> DemoSummary:
    """Load the demo dataset (idempotent: nothing happens if it is already there).

    ``check=False`` skips the preliminary pass that simplifies a story the rules refuse
    and counts statuses (benchmarks; ``test_demo`` shows every story passes as drawn):
    the services still check each contract's facts as they record them.
    """
    today = today or date.today()
    summary = DemoSummary()
    with transaction.atomic():
        orgs = ensure_organisations()
        users = ensure_accounts(orgs)
        summary.accounts = sorted(users)
        if Contract.objects.filter(reference__startswith=REFERENCE_PREFIX).exists():
            summary.already_loaded = True
            return summary
        teller = StoryTeller(today, seed)
        stories = [student_story(today)]
        for campaign, size in campaign_sizes(total - 1).items():
            stories += [teller.story(n, campaign) for n in range(1, size + 1)]
        if check:
            stories = [checked(story, today, summary) for story in stories]
        owners = {stories[0].contract["reference"]: users.get("etudiant")}
        others = [name for name in data.DEMO_ACCOUNTS if name.startswith("etudiant-")]
        for name, story in zip(others, other_signatories(stories, len(others)), strict=False):
            owners[story.contract["reference"]] = users.get(name)
        for story in stories:
            record_story(story, orgs, owners.get(story.contract["reference"]))
        for reference, user in owners.items():
            if user is not None:  # the account bears the name of its contract's signatory
                identity = next(s.contract for s in stories if s.contract["reference"] == reference)
                user.last_name = identity["signatory_last_name"]
                user.first_name = identity["signatory_first_name"]
                user.save(update_fields=["last_name", "first_name"])
        summary.created = len(stories)
        audit.record(
            None,
            "demo.load",
            None,
            None,
            {"contracts": len(stories), "seed": seed, "as_of": today},
            DEMO_REASON,
        )
    return summary
