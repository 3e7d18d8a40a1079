"""An offer cascade, replayed: from the commission's lists to signed contracts (R10).

``replay(parse_campaign(data))`` is the rule behind ``cesp rules offers FILE`` exactly as
docs/interfaces.md §4 specifies it; the campaigns app applies the same rule day by day.

- Candidates are offered in order: the principal list, then the complementary list;
  ``rank`` is the rank within its own list.
- On ``quota_published`` the first ``quota`` candidates are sent an offer; afterwards an
  offer is sent only when an earlier one ends without a signature, that same day, so that
  signed plus pending offers never exceed ``quota``.
- ``receipt`` = ``dispatched`` + ``delivery_days``, unless the candidate's proven receipt is
  given (optional ``receipts``: the day-by-day workflow records each offer's receipt — an
  LRAR's avis de réception — and the reflection period runs from it; choice O7);
  ``deadline`` = ``receipt`` + the
  reflection period (dated parameter ``offers.reflection_period_days``, 30 days; day 30
  included: ``offers.signed_contract_due``).
- Outcomes: ``signed`` (a signature from dispatch to deadline), ``declined`` (a decline in
  that window; ends that day), ``lapsed`` (otherwise; ends the day after the deadline;
  ``late`` when a signature came after the deadline).
- The list caps are the commission rule's (R8, ``commission.complementary_list_cap``).

Choices where §4 is silent are in docs/rules-choices.md (O1–O6).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from cesp.rules import commission
from cesp.rules.errors import SituationError
from cesp.rules.offers import SOURCES as OFFER_SOURCES
from cesp.rules.offers import STATUS_LABELS, signed_contract_due
from cesp.rules.situation import parse_date

RULE_INPUT = "docs/interfaces.md §4 (cascade des offres)"
RULE_ORDER = "Code de l'éducation, art. R631-24-5 (offre selon le classement)"
RULE_LISTS = "Code de l'éducation, art. R631-24-4 (listes principale et complémentaire)"
FIELDS = (
    "campaign_year",
    "quota",
    "quota_published",
    "lists_quota",
    "principal",
    "complementary",
    "delivery_days",
    "answers",
    "receipts",
)
ANSWERS = ("signed", "declined")
LISTS = ("principal", "complementary")
LIST_LABELS = {"principal": "liste principale", "complementary": "liste complémentaire"}
MAX_DELIVERY_DAYS = 365
# Lists of campaign Y date from 1 December Y (interfaces.md §4, R8): choice O2.
LISTS_MONTH_DAY = (12, 1)


@dataclass(frozen=True, slots=True)
class Campaign:
    """The validated input of one cascade (one UFR, one stream)."""

    campaign_year: int
    quota: int
    quota_published: date
    lists_quota: int
    principal: tuple[str, ...]
    complementary: tuple[str, ...]
    delivery_days: int = 0
    answers: tuple[tuple[str, str, date], ...] = ()  # (candidate, signed|declined, date)
    receipts: tuple[tuple[str, date], ...] = ()  # (candidate, proven receipt): choice O7

    def ranked(self) -> list[tuple[str, str, int]]:
        """(candidate, list, rank) in offer order: principal list, then complementary."""
        return [
            (name, list_name, rank)
            for list_name, names in (
                ("principal", self.principal),
                ("complementary", self.complementary),
            )
            for rank, name in enumerate(names, start=1)
        ]


@dataclass(frozen=True, slots=True)
class OfferMade:
    """One offer of the cascade and how it ended."""

    candidate: str
    list: str
    rank: int
    dispatched: date
    receipt: date
    deadline: date
    outcome: str  # signed | declined | lapsed
    ended: date
    late: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "candidate": self.candidate,
            "list": self.list,
            "rank": self.rank,
            "dispatched": self.dispatched.isoformat(),
            "receipt": self.receipt.isoformat(),
            "deadline": self.deadline.isoformat(),
            "outcome": self.outcome,
            "ended": self.ended.isoformat(),
            "late": self.late,
        }


@dataclass(frozen=True, slots=True)
class Cascade:
    """The replayed cascade: offers in dispatch order, contracts signed and left."""

    campaign: Campaign
    offers: tuple[OfferMade, ...]
    signed: int
    unfilled: int
    not_offered: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "offers": [offer.to_dict() for offer in self.offers],
            "signed": self.signed,
            "unfilled": self.unfilled,
            "not_offered": list(self.not_offered),
        }


# ---------------------------------------------------------------------------- input


def _error(field: str, value: Any, message: str, rule: str = RULE_INPUT) -> SituationError:
    return SituationError(field, value, rule, message)


def _count(data: dict[str, Any], field: str, default: int | None = None) -> int:
    value = data.get(field, default)
    if value is None:
        raise _error(field, None, "nombre entier obligatoire")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _error(field, value, "un nombre entier positif ou nul est attendu")
    return value


def _names(data: dict[str, Any], field: str) -> tuple[str, ...]:
    raw = data.get(field)
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _error(field, raw, "une liste de candidats, par rang, est attendue")
    for index, name in enumerate(raw):
        if not isinstance(name, str) or not name.strip():
            raise _error(f"{field}[{index}]", name, "un nom de candidat (texte) est attendu")
    return tuple(raw)


def _lists_date(campaign_year: int) -> date:
    return date(campaign_year, *LISTS_MONTH_DAY)


def _check_caps(campaign_year: int, lists_quota: int, principal: int, complementary: int) -> None:
    if principal > lists_quota:
        raise _error(
            "principal",
            principal,
            f"liste principale de {principal} candidats pour {lists_quota} contrats ouverts "
            "(lists_quota)",
            commission.SOURCES_CAP[1],
        )
    figure = commission.complementary_list_cap(
        lists_quota, campaign_year, _lists_date(campaign_year)
    )
    cap = figure.value
    if complementary > cap:
        k = int(figure.step.parameters[0].value)
        raise _error(
            "complementary",
            complementary,
            f"liste complémentaire de {complementary} candidats au-delà du plafond de {cap} "
            f"({k} × {lists_quota} contrats ouverts, lists_quota)",
            commission.SOURCES_CAP[1] if campaign_year >= 2013 else commission.SOURCES_CAP[0],
        )


def _answers(raw: Any) -> tuple[tuple[str, str, date], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise _error("answers", raw, "un tableau « candidat: {signed|declined: date} » est attendu")
    answers = []
    for name, answer in raw.items():
        field = f"answers.{name}"
        if not isinstance(answer, dict) or not answer:
            raise _error(field, answer, "réponse attendue : {signed: AAAA-MM-JJ} ou {declined: …}")
        unknown = [key for key in answer if key not in ANSWERS]
        if unknown:
            raise _error(
                f"{field}.{unknown[0]}", answer[unknown[0]], "réponse inconnue : signed ou declined"
            )
        if len(answer) > 1:
            raise _error(field, ", ".join(answer), "un candidat n'a qu'une réponse")
        ((kind, when),) = answer.items()
        answers.append((str(name), kind, parse_date(when, f"{field}.{kind}")))
    return tuple(answers)


def _receipts(raw: Any) -> tuple[tuple[str, date], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise _error("receipts", raw, "un tableau « candidat: date de réception » est attendu")
    receipts = []
    for name, when in raw.items():
        day = parse_date(when, f"receipts.{name}")
        assert day is not None  # parse_date refuses a missing date
        receipts.append((str(name), day))
    return tuple(receipts)


def parse_campaign(data: Any) -> Campaign:
    """Validate the input of ``cesp rules offers``; each error names its field."""
    if not isinstance(data, dict):
        raise _error("(fichier)", None, "un tableau de champs (YAML ou JSON) est attendu")
    unknown = [key for key in data if key not in FIELDS]
    if unknown:
        raise _error(
            str(unknown[0]), data[unknown[0]], "champ inconnu ; champs : " + ", ".join(FIELDS)
        )
    year = data.get("campaign_year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise _error("campaign_year", year, "année de campagne attendue (nombre entier)")
    commission.campaign_opening(year)  # 2010 → 2100
    quota = _count(data, "quota")
    published = parse_date(data.get("quota_published"), "quota_published")
    assert published is not None
    if published < date(2010, 7, 2) or published.year > 2100:
        raise _error("quota_published", published.isoformat(), "date hors de la période du CESP")
    lists_quota = _count(data, "lists_quota", quota)
    delivery = _count(data, "delivery_days", 0)
    if delivery > MAX_DELIVERY_DAYS:
        raise _error("delivery_days", delivery, f"au plus {MAX_DELIVERY_DAYS} jours")
    principal = _names(data, "principal")
    complementary = _names(data, "complementary")
    seen: set[str] = set()
    for list_name, names in (("principal", principal), ("complementary", complementary)):
        for index, name in enumerate(names):
            if name in seen:
                raise _error(
                    f"{list_name}[{index}]",
                    name,
                    "un candidat figure deux fois sur les listes",
                    RULE_LISTS,
                )
            seen.add(name)
    _check_caps(year, lists_quota, len(principal), len(complementary))
    return Campaign(
        campaign_year=year,
        quota=quota,
        quota_published=published,
        lists_quota=lists_quota,
        principal=principal,
        complementary=complementary,
        delivery_days=delivery,
        answers=_answers(data.get("answers")),
        receipts=_receipts(data.get("receipts")),
    )


# ---------------------------------------------------------------------------- the rule


def _offer(
    candidate: tuple[str, str, int],
    dispatched: date,
    delivery_days: int,
    answer: Any,
    proven: date | None = None,
) -> OfferMade:
    name, list_name, rank = candidate
    if proven is not None and proven < dispatched:
        raise _error(
            f"receipts.{name}",
            proven.isoformat(),
            f"réception antérieure à l'envoi de l'offre le {dispatched.strftime('%d/%m/%Y')}",
            OFFER_SOURCES[1],
        )
    try:
        receipt = proven or dispatched + timedelta(days=delivery_days)
        deadline = signed_contract_due(receipt).value
        after = deadline + timedelta(days=1)
    except OverflowError:
        raise _error(
            "quota_published", dispatched.isoformat(), "cascade au-delà de l'an 9999"
        ) from None
    if answer is None:
        return OfferMade(name, list_name, rank, dispatched, receipt, deadline, "lapsed", after)
    kind, when = answer
    if when < dispatched:
        raise _error(
            f"answers.{name}.{kind}",
            when.isoformat(),
            f"réponse antérieure à l'envoi de l'offre le {dispatched.strftime('%d/%m/%Y')}",
            OFFER_SOURCES[1],
        )
    if when > deadline:
        late = kind == "signed"
        return OfferMade(
            name, list_name, rank, dispatched, receipt, deadline, "lapsed", after, late
        )
    return OfferMade(name, list_name, rank, dispatched, receipt, deadline, kind, when)


def replay(campaign: Campaign) -> Cascade:
    """Replay the cascade of one campaign (interfaces.md §4)."""
    ranked = campaign.ranked()
    answers = {name: (kind, when) for name, kind, when in campaign.answers}
    receipts = dict(campaign.receipts)
    made: list[tuple[int, OfferMade]] = []  # (position in the lists, offer)
    # Days on which an offer ended without a signature: each frees one contract that day.
    freed: list[date] = [campaign.quota_published] * campaign.quota
    position = 0
    while freed and position < len(ranked):
        day = heapq.heappop(freed)
        name = ranked[position][0]
        offer = _offer(
            ranked[position], day, campaign.delivery_days, answers.get(name), receipts.get(name)
        )
        made.append((position, offer))
        if offer.outcome != "signed":
            heapq.heappush(freed, offer.ended)
        position += 1
    made.sort(key=lambda item: (item[1].dispatched, item[0]))
    signed = sum(1 for _, offer in made if offer.outcome == "signed")
    return Cascade(
        campaign=campaign,
        offers=tuple(offer for _, offer in made),
        signed=signed,
        unfilled=campaign.quota - signed,
        not_offered=tuple(name for name, _, _ in ranked[position:]),
    )


# ---------------------------------------------------------------------------- text


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _outcome_text(offer: OfferMade) -> str:
    label = STATUS_LABELS[offer.outcome]
    if offer.outcome == "lapsed":
        text = f"{label} le {_day(offer.ended)} (aucune réponse dans le délai)"
        if offer.late:
            text = f"{label} le {_day(offer.ended)} (contrat signé reçu après la date limite)"
        return text
    return f"{label} le {_day(offer.ended)}"


def to_text(cascade: Cascade) -> str:
    """The cascade in plain French: one line per offer, then the totals."""
    campaign = cascade.campaign
    year = campaign.campaign_year
    lines = [
        f"Cascade des offres — campagne {year}-{year + 1}",
        f"Contrats ouverts : {campaign.quota} (quota connu le {_day(campaign.quota_published)}) ; "
        f"acheminement de l'offre : {campaign.delivery_days} jour(s)",
        "",
        "Offres, dans l'ordre d'envoi :" if cascade.offers else "Aucune offre envoyée.",
    ]
    for offer in cascade.offers:
        lines.append(
            f"- {offer.candidate} ({LIST_LABELS[offer.list]}, rang {offer.rank}) : envoyée le "
            f"{_day(offer.dispatched)}, reçue le {_day(offer.receipt)}, date limite "
            f"{_day(offer.deadline)} — {_outcome_text(offer)}"
        )
    lines += [
        "",
        f"Contrats signés : {cascade.signed}",
        f"Contrats non pourvus (fongibilité ou redistribution) : {cascade.unfilled}",
        "Candidats sans offre : "
        + (", ".join(cascade.not_offered) if cascade.not_offered else "aucun"),
    ]
    return "\n".join(lines)
