"""Evaluate a situation: every figure of interfaces.md §1, each with its explanation.

``evaluate(situation, as_of=None, today=None)`` → ``Evaluation``; ``to_dict()`` is the JSON
result of interfaces.md §1 (amounts as strings with two decimals, months as numbers),
``to_text()`` the French explanation for a person. Facts dated after ``as_of`` are not yet
known: they are left out, and the explanation says how many. Figures on a date after
``today`` (the caller's, else the clock read once) are a projection, flagged as simulated.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from cesp.rules import params
from cesp.rules.allocation import Allocation, compute_allocation
from cesp.rules.breach import Breach, compute_breach
from cesp.rules.engagement import Engagement, compute_engagement
from cesp.rules.errors import ParameterError, SituationError, outside_known_texts
from cesp.rules.explain import NO_STEP, Figure, Step, choice_link, explaining, quiet
from cesp.rules.money import format_euros
from cesp.rules.regime import RegimeResult, determine_regime
from cesp.rules.situation import Situation, parse_situation
from cesp.rules.status import LABELS, contract_status

ENGINE_VERSION = "0.1.0"

SUMMARY_FIGURES = (
    "regime",
    "status",
    "allocation.effective_date",
    "allocation.diploma_date",
    "allocation.months",
    "allocation.net_total",
    "engagement.months_due",
    "engagement.months_served",
    "engagement.months_remaining",
    "breach.refund",
    "breach.penalty",
    "breach.rate",
    "breach.total",
)


@dataclass(frozen=True, slots=True)
class _Figures:
    regime: Figure[RegimeResult]
    allocation: Figure[Allocation]
    engagement: Figure[Engagement]
    breach: Figure[Breach] | None
    status: Figure[str]
    tree: Step


class Evaluation:
    """The figures of one situation on one date, with their explanation tree.

    The figures are computed at once without explanations; the explanation tree (and the
    ``step`` of each figure) is built on first use, by the same rules with explanations
    on — so a caller that only reads the summary never pays for it.
    """

    __slots__ = (
        "_explained",
        "_quick",
        "as_of",
        "explained",
        "ignored_events",
        "situation",
        "today",
    )

    def __init__(
        self,
        situation: Situation,
        as_of: date,
        quick: _Figures,
        ignored_events: int,
        explained: bool,
        today: date,
    ) -> None:
        self.situation = situation
        self.as_of = as_of
        self.today = today
        self.ignored_events = ignored_events
        self.explained = explained
        self._quick = quick
        self._explained: _Figures | None = None

    def _figures(self) -> _Figures:
        if not self.explained:
            return self._quick
        if self._explained is None:
            with params.overriding(self.situation.overrides_dict):
                self._explained = _compute(
                    self.situation, self.as_of, self.ignored_events, self.today
                )
        return self._explained

    @property
    def regime(self) -> Figure[RegimeResult]:
        return self._figures().regime

    @property
    def allocation(self) -> Figure[Allocation]:
        return self._figures().allocation

    @property
    def engagement(self) -> Figure[Engagement]:
        return self._figures().engagement

    @property
    def breach(self) -> Figure[Breach] | None:
        return self._figures().breach

    @property
    def status(self) -> Figure[str]:
        return self._figures().status

    @property
    def tree(self) -> Step:
        return self._figures().tree

    @property
    def simulated(self) -> bool:
        """What-if: parameters overridden, or figures projected to a future date."""
        return bool(self.situation.overrides) or self.projected

    @property
    def projected(self) -> bool:
        """Evaluated at a date after today: the facts after today are assumptions."""
        return self.as_of > self.today

    def summary_dict(self) -> dict[str, Any]:
        """The result without explanation (the fast path of batches)."""
        quick = self._quick
        allocation, engagement = quick.allocation.value, quick.engagement.value
        result: dict[str, Any] = {
            "engine_version": ENGINE_VERSION,
            "parameters_digest": params.parameters_digest(),
            "as_of": self.as_of.isoformat(),
            "regime": quick.regime.value.regime,
            "regime_markers": list(quick.regime.value.markers),
            "regime_review": quick.regime.value.review,
            "status": quick.status.value,
            "allocation": {
                "effective_date": allocation.effective_date.isoformat(),
                "end_date": allocation.end_date.isoformat() if allocation.end_date else None,
                "months": allocation.count,
                "gross_total": format_euros(allocation.gross_total),
                "net_total": format_euros(allocation.net_total),
            },
            "engagement": {
                "months_due": engagement.months_due,
                "months_served": _number(engagement.months_served),
                "months_remaining": _number(engagement.months_remaining),
            },
            "breach": None,
            "simulated": self.simulated,
            "projected": self.projected,
        }
        if self.situation.id is not None:
            result = {"id": self.situation.id, **result}
        if self.situation.payments:
            paid = sum((p.net for p in self.situation.payments), start=0)
            result["allocation"]["net_paid"] = format_euros(paid)
        if quick.breach is not None:
            breach = quick.breach.value
            result["breach"] = {
                "date": breach.date.isoformat(),
                "cause": breach.cause,
                "before_diploma": breach.before_diploma,
                "refund": format_euros(breach.refund),
                "penalty": format_euros(breach.penalty),
                "rate": "1" if breach.rate == 1 else str(breach.rate),
                "total": format_euros(breach.total),
            }
            result["breach"]["arrete_version"] = breach.version
        return result

    def explanation(self) -> list[dict[str, Any]]:
        """The explanation of interfaces.md §1: every step once, depth first, each with
        ``figure``, ``value``, ``rule``, ``sources`` and ``parent`` (the position of its
        parent step; the root ``evaluation`` has none)."""
        return self.tree.flat()

    def to_dict(self, explain: bool = True) -> dict[str, Any]:
        result = self.summary_dict()
        if explain and self.explained:
            result["explanation"] = self.explanation()
        return result

    def to_text(self) -> str:
        """French, for a person: a short summary in plain words (each total citing the
        text that sets it), then the detailed steps for whoever wants to check them."""
        from cesp.rules.readable import REGIME_LABELS, readable, value_text

        regime = self.regime.value
        allocation, engagement = self.allocation.value, self.engagement.value
        title = f"Situation au {self.as_of:%d/%m/%Y}"
        if self.situation.id:
            title += f" (dossier {self.situation.id})"
        lines = [title, "", "En bref :"]
        lines.append(
            f"- Votre contrat relève du {REGIME_LABELS[regime.regime]}"
            + (" — à vérifier par le gestionnaire (signé début 2020)" if regime.review else "")
            + "."
        )
        lines.append(f"- Statut : {LABELS[self.status.value]}.")
        lines.append(
            f"- Allocation : en vigueur depuis le {value_text(allocation.effective_date)}, "
            f"{allocation.count} mois dus, soit "
            f"{value_text(allocation.gross_total, unit='currency')} brut et "
            f"{value_text(allocation.net_total, unit='currency')} net"
            f"{self._cited('allocation.net_total')}."
        )
        lines.append(
            f"- Engagement : {value_text(engagement.months_due)} mois à servir, "
            f"{value_text(engagement.months_served)} servis, "
            f"{value_text(engagement.months_remaining)} restants"
            f"{self._cited('engagement.months_due')}."
        )
        refused = self._refused_request()
        if refused:
            lines.append(f"- {refused}")
        if self.breach is not None:
            breach = self.breach.value
            lines.append(
                f"- Rupture du {value_text(breach.date)} ({readable(breach.cause)}) : "
                f"remboursement {value_text(breach.refund, unit='currency')}, pénalité "
                f"{value_text(breach.penalty, unit='currency')}, taux dégressif "
                f"{_percent(breach.rate)} ; total dû {value_text(breach.total, unit='currency')}"
                f"{self._cited('breach.total')}."
            )
        if self.situation.overrides:
            lines.append("ATTENTION : simulation (paramètres modifiés), pas un droit acquis.")
        if self.projected:
            lines.append(
                "ATTENTION : projection à une date future ; les faits postérieurs à "
                "aujourd'hui sont des hypothèses."
            )
        if self.ignored_events:
            lines.append(
                f"{self.ignored_events} évènement(s) postérieur(s) au {self.as_of:%d/%m/%Y} "
                "non pris en compte."
            )
        if self.explained:
            lines += ["", "Le détail du calcul, étape par étape :", self.tree.to_text()]
        lines.append(f"\nCalcul du moteur de règles du CESP, version {ENGINE_VERSION}.")
        return "\n".join(lines)

    def _refused_request(self) -> str:
        """« Demande … refusée : why (text) ; l'allocation continue. », or ""."""
        request = self.situation.first("third_cycle_suspension_request")
        if request is None or self.allocation.value.third_cycle_effect is not None:
            return ""
        from cesp.rules.readable import readable

        why = ""
        if self.explained:
            step = self.tree.find("suspension.third_cycle_effective_date")
            if step is not None and step.rejected:
                why = f" ({readable(step.rejected[0].why)})"
        delay = (
            "le contrat a été signé pendant le troisième cycle"
            if self.situation.category not in {"first_cycle", "second_cycle"}
            else "hors du délai de 30 jours après la prise de fonctions d'interne" + why
        )
        return (
            f"Demande de suspension du troisième cycle du {request.date:%d/%m/%Y} refusée : "
            f"{delay} (Arrêté du 27 juillet 2010, art. 3, 2° c) ; l'allocation continue."
        )

    def _cited(self, figure: str) -> str:
        """« (fixé par : …) »: the texts that set a total (its step and the steps below)."""
        if not self.explained:
            return ""
        step = self.tree.find(figure)
        if step is None:
            return ""
        from cesp.rules.readable import readable

        texts: dict[str, None] = {}
        for one in (step, *step.children):
            for source in one.sources:
                texts[readable(source)] = None
        return f" (fixé par : {' ; '.join(texts)})" if texts else ""


def _percent(rate: Decimal) -> str:
    """« 46,3344 % » (the annexes' display), « 100 % » when no reduction."""
    if rate == 1:
        return "100 %"
    from cesp.rules.readable import french_number

    return f"{french_number(rate * 100, 4)} %"


def _number(value: Any) -> int | float:
    """Months as JSON numbers: whole months as integers, prorated months as decimals."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return int(value)


def _known_on(situation: Situation, as_of: date) -> tuple[Situation, int]:
    """The situation restricted to the facts known on ``as_of``."""
    events = tuple(event for event in situation.events if event.when <= as_of)
    payments = tuple(p for p in situation.payments if p.month.first_day() <= as_of)
    ignored = len(situation.events) - len(events)
    if not ignored and len(payments) == len(situation.payments):
        return situation, 0
    return dataclasses.replace(situation, events=events, payments=payments), ignored


def evaluate(
    situation: Situation | dict[str, Any],
    *,
    as_of: date | None = None,
    explain: bool = True,
    today: date | None = None,
    eager: bool = False,
) -> Evaluation:
    """Every figure of the situation on ``as_of`` (argument, else the situation's, else today).

    ``today`` (default: the clock, read once) tells a projection: figures on a later date.

    The figures are computed at once; the explanation is built lazily, on first use of
    ``tree``, ``to_dict()``, ``to_text()`` or a figure's ``step``. ``explain=False`` says
    it will never be wanted: ``to_dict()`` then has no explanation keys. ``eager=True``
    says it will always be wanted (the command line): one explaining pass, no quick one.
    """
    try:
        if not isinstance(situation, Situation):
            situation = parse_situation(situation)
        today = today or date.today()
        day = as_of or situation.as_of or today
        if day < situation.signature_date:
            raise SituationError(
                "as_of",
                day.isoformat(),
                "Code de l'éducation, art. L632-6 (le contrat ouvre droit à l'allocation)",
                f"date d'évaluation ({day:%d/%m/%Y}) antérieure à la signature du contrat "
                f"({situation.signature_date:%d/%m/%Y}) : le contrat n'existait pas encore, "
                "choisissez une date à partir de la signature",
            )
        known, ignored = _known_on(situation, day)
        if eager and explain:
            with params.overriding(known.overrides_dict):
                figures = _compute(known, day, ignored, today)
            evaluation = Evaluation(known, day, figures, ignored, explain, today)
            evaluation._explained = figures
            return evaluation
        with quiet(), params.overriding(known.overrides_dict):
            quick = _compute(known, day, ignored, today)
    except ParameterError as error:  # a date outside the parameters' history
        raise outside_known_texts(error) from None
    return Evaluation(known, day, quick, ignored, explain, today)


def _compute(known: Situation, day: date, ignored: int, today: date) -> _Figures:
    """Every figure of the (already restricted) situation; steps when explaining."""
    overrides = known.overrides_dict or None
    regime = determine_regime(known)
    breach_event = known.first("breach")
    breach_date = breach_event.date if breach_event else None
    allocation = compute_allocation(known, day, breach_date, overrides)
    engagement = compute_engagement(
        known, allocation.value.count, allocation.value.diploma_date, day, breach_date
    )
    void_breach = None
    if breach_event is not None and engagement.value.completed_on is not None:
        # The engagement was completed before: the contract had ended, nothing to break (C8).
        void_breach, breach_event = breach_event, None
    breach = None
    if breach_event is not None:
        breach = compute_breach(
            known,
            regime.value.regime,
            breach_event.date,
            breach_event.cause,
            allocation.value.months,
            allocation.value.net_total,
            engagement.value.months_due,
            engagement.value.months_served,
            overrides,
        )
    status = contract_status(
        known, day, allocation.value, engagement.value, breach_event.cause if breach_event else None
    )
    if not explaining():
        return _Figures(regime, allocation, engagement, breach, status, NO_STEP)
    children = [regime.step, status.step, allocation.step, engagement.step]
    if breach is not None:
        children.append(breach.step)
    if void_breach is not None:
        children.append(
            Step(
                figure="breach.void",
                value=void_breach.date,
                rule=(
                    "Une rupture notifiée après l'accomplissement de l'engagement est sans objet : "
                    "le contrat avait pris fin."
                ),
                branch=(
                    f"engagement accompli en {engagement.value.completed_on}, rupture du "
                    f"{void_breach.date:%d/%m/%Y} ignorée"
                ),
                sources=("Code de l'éducation, art. L632-6",),
                choice=f"Rupture après l'engagement accompli : sans effet ({choice_link('C8')})",
            )
        )
    tree = Step(
        figure="evaluation",
        value=status.value,
        rule="Évaluation du contrat à la date indiquée.",
        branch=f"au {day:%d/%m/%Y}"
        + (" (projection : date future)" if day > today else "")
        + (f", {ignored} évènement(s) postérieur(s) ignoré(s)" if ignored else ""),
        simulated=bool(known.overrides) or day > today,
        children=tuple(children),
    )
    return _Figures(regime, allocation, engagement, breach, status, tree)
