"""Regulatory deadlines (*échéances*) of a contract still to come on a date.

``deadlines(situation, as_of)`` returns, sorted by date, the dated deadlines that the
texts attach to the facts known on ``as_of`` — each a ``Figure[Deadline]`` whose step
cites the article. Who must act: the signatory (``signataire``), the ARS (``ars``) or
the national manager (``gestionnaire_national``: the CNG, the autorité administrative
from 2025-2026).

- Third-cycle suspension request: 30 days after the first day as an intern, day 30
  included, while the window is open (arrêté du 27 juillet 2010, art. 3, 2° c; R17).
- Ends of a running study suspension (art. 3; R16), practice suspension (art. 3, last
  paragraphs; R18) and deferral of installation, capped at 12 months (R632-74; R20).
- Third-cycle suspension taking effect (1 January following): the payments stop (R17).
- Expected end of the allocation at the diploma, when the diplomas are recorded (R14).
- Projected completion of the engagement if practice continues at the current share in
  zone (L632-6, R631-24-6: prorata; R19, R22).
- PRE2020: in the month before the end, the doctor tells the CNG, the ARS and the
  Ordre whether they stay (décret 2010-735, art. 9; R27), on the projected end.
- Yearly ARS follow-up until installation (arrêté du 26 mai 2020; arrêté du 27 juillet
  2010, art. 2 bis; R631-24-15; R27) — periodicity: docs/rules-choices.md#d2.
- After a breach with sums due: the 2-month amicable appeal (arrêté du 26 mai 2020,
  art. 3; R28, T48).

Facts dated after ``as_of`` are not known (as in ``evaluate``), except the recorded
diplomas, which are expected dates (docs/rules-choices.md#d1).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from cesp.rules import authority, params
from cesp.rules.allocation import diploma_date
from cesp.rules.appeals import add_months, amicable_appeal_deadline
from cesp.rules.deferral import SOURCES as DEFERRAL_SOURCES
from cesp.rules.deferral import cap_deferral
from cesp.rules.engagement import L632_6, R631_24_6, calendar_months_to_serve
from cesp.rules.errors import ParameterError, SituationError, outside_known_texts
from cesp.rules.evaluate import Evaluation, evaluate
from cesp.rules.explain import Figure, Rejected, Step, choice_link, text_value
from cesp.rules.months import Month
from cesp.rules.regime import determine_regime
from cesp.rules.situation import Situation, parse_situation
from cesp.rules.suspensions import ART3, ART3_2C, FAQ_MINISTRY, third_cycle_decision

ACTORS = {
    "signataire": "le signataire",
    "ars": "l'ARS",
    "gestionnaire_national": "le gestionnaire national",
}
#: Order of the kinds on the same day (the signatory's own deadlines first).
KINDS = (
    "third_cycle_request",
    "amicable_appeal",
    "studies_suspension_end",
    "practice_suspension_end",
    "deferral_end",
    "third_cycle_effect",
    "allocation_end",
    "ars_followup",
    "end_of_contract_notice",
    "engagement_completion",
)
FOLLOWUP_MONTHS = 12  # « puis chaque année » : the texts' own word, not a tunable amount
FOLLOWUP_POST2020 = (
    "Arrêté du 26 mai 2020 relatif au modèle type de contrat et aux conditions de "
    "suspension et de résiliation (JORFARTI000041923468)"
)
FOLLOWUP_PRE2020 = "Arrêté du 27 juillet 2010 (sélection, attribution, suspension), art. 2 bis"
R631_24_15 = "Code de l'éducation, art. R631-24-15"
DECREE_ART9 = "Décret n° 2010-735 du 29 juin 2010, art. 9"
R632_73 = "Code de l'éducation, art. R632-73"
APPEAL_SOURCE = "Arrêté du 26 mai 2020 relatif à l'indemnité et à la pénalité, art. 3"


@dataclass(frozen=True, slots=True)
class Deadline:
    """One dated deadline: what (French label), who must act, when."""

    kind: str
    date: date
    label: str
    actor: str
    manager: str = ""  # the national manager competent on that date (décret 2025-270)

    @property
    def actor_label(self) -> str:
        if self.actor == "gestionnaire_national" and self.manager:
            return f"{ACTORS[self.actor]} — {self.manager}"
        return ACTORS[self.actor]

    def to_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "date": self.date.isoformat(),
            "label": self.label,
            "actor": self.actor,
            "actor_label": self.actor_label,
            "manager": self.manager,
        }


def _figure(deadline: Deadline, rule: str, **step: Any) -> Figure[Deadline]:
    return Figure(
        deadline, Step(figure=f"deadline.{deadline.kind}", value=deadline.date, rule=rule, **step)
    )


def _covers(start: date, end: date | None, day: date) -> bool:
    return start <= day and (end is None or day <= end)


def _known_on(situation: Situation, as_of: date) -> Situation:
    """The facts known on ``as_of`` (events dated after it are left out)."""
    events = tuple(event for event in situation.events if event.when <= as_of)
    return dataclasses.replace(situation, events=events)


def third_cycle_request_window(known: Situation, as_of: date) -> Figure[Deadline] | None:
    """Last day for the third-cycle suspension request, while the window is open (R17)."""
    start = known.first("internship_start")
    if (
        start is None
        or known.category not in {"first_cycle", "second_cycle"}
        or known.first("third_cycle_suspension_request") is not None
    ):
        return None
    window = params.value("suspensions.third_cycle_request_window_days", start.date)
    last = start.date + timedelta(days=window.value)
    if not start.date <= as_of <= last:
        return None
    manager = _manager(known.signature_date, last)
    deadline = Deadline(
        "third_cycle_request",
        last,
        "Dernier jour pour demander la suspension du contrat pendant tout le troisième "
        f"cycle — demande reçue par : {manager.value if manager else 'le gestionnaire national'}",
        "signataire",
        manager.value if manager else "",
    )
    return _figure(
        deadline,
        (
            "La demande de suspension pendant tout le troisième cycle doit parvenir au CNG dans "
            f"les {window.value} jours qui suivent le premier jour de fonctions d'interne (30e "
            "jour inclus) ; elle ne peut plus être demandée ensuite."
        ),
        branch=(
            f"interne depuis le {start.date:%d/%m/%Y} + {window.value} jours = "
            f"{last:%d/%m/%Y} ; aucune demande enregistrée au {as_of:%d/%m/%Y}"
        ),
        parameters=(window,),
        sources=(ART3_2C, FAQ_MINISTRY),
        children=(manager.step,) if manager else (),
    )


def _manager(signature: date, on: date) -> Figure[str] | None:
    """The national manager competent on ``on`` (décret 2025-270 art. 3), by name."""
    try:
        found = authority.competent_manager(signature, max(on, signature))
    except SituationError:
        return None
    return Figure(authority.LABELS[found.value], found.step)


def _with_manager(figure: Figure[Deadline], signature: date) -> Figure[Deadline]:
    """Name the national manager who acts on the deadline's date (CNG or its successor)."""
    if figure.value.actor != "gestionnaire_national" or figure.value.manager:
        return figure
    manager = _manager(signature, figure.value.date)
    if manager is None:
        return figure
    return Figure(
        dataclasses.replace(figure.value, manager=manager.value),
        dataclasses.replace(figure.step, children=(*figure.step.children, manager.step)),
    )


def running_period_ends(known: Situation, as_of: date) -> list[Figure[Deadline]]:
    """Ends of the study suspensions, practice suspensions and deferrals running on ``as_of``."""
    found = []
    for event in known.of_type("suspension"):
        if _covers(event.start, event.end, as_of):
            deadline = Deadline(
                "studies_suspension_end",
                event.end,
                "Fin de la suspension pendant les études : reprise du versement de "
                "l'allocation (signaler toute modification de la durée)",
                "signataire",
            )
            found.append(
                _figure(
                    deadline,
                    (
                        "Suspension à la demande du signataire, en mois entiers ; le signataire "
                        "signale toute modification de sa durée, à défaut le versement reprend "
                        "à la date de fin prévue."
                    ),
                    branch=f"suspension du {event.start:%d/%m/%Y} au {event.end:%d/%m/%Y}",
                    sources=(ART3,),
                )
            )
    for event in known.of_type("practice_suspension"):
        if _covers(event.start, event.end, as_of):
            deadline = Deadline(
                "practice_suspension_end",
                event.end,
                "Fin de la suspension de l'engagement : reprise de l'exercice en zone "
                "(signaler sans délai tout raccourcissement)",
                "signataire",
            )
            found.append(
                _figure(
                    deadline,
                    (
                        "La suspension de l'engagement accordée par le DG ARS dure de 1 mois à "
                        "1 an ; le décompte reprend à son terme et le signataire signale sans "
                        "délai tout raccourcissement."
                    ),
                    branch=(
                        f"suspension d'exercice du {event.start:%d/%m/%Y} au {event.end:%d/%m/%Y}"
                    ),
                    sources=(ART3,),
                )
            )
    for event in known.of_type("deferral"):
        capped = cap_deferral(event.start, event.end)
        if _covers(event.start, capped.value, as_of):
            deadline = Deadline(
                "deferral_end",
                capped.value,
                "Fin du report d'installation : début d'exercice en zone attendu",
                "signataire",
            )
            found.append(
                _figure(
                    deadline,
                    (
                        "Le report d'installation ne peut dépasser 12 mois ; à son terme le "
                        "signataire s'installe (choix du lieu pendant la dernière année du report)."
                    ),
                    branch=f"report du {event.start:%d/%m/%Y} au {capped.value:%d/%m/%Y}",
                    sources=(*DEFERRAL_SOURCES, "Décret n° 2010-735 du 29 juin 2010, art. 7"),
                    children=(capped.step,),
                )
            )
    return found


def allocation_deadlines(
    situation: Situation, known: Situation, as_of: date
) -> list[Figure[Deadline]]:
    """Third-cycle suspension taking effect, or the expected end at the diploma (R14, R17)."""
    request, start = known.first("third_cycle_suspension_request"), known.first("internship_start")
    if request is not None and start is not None:
        decision = third_cycle_decision(start.date, request.date)
        if decision.value is None or decision.value < as_of:
            return []  # refused (invalid situation) or already in effect: payments stopped
        deadline = Deadline(
            "third_cycle_effect",
            decision.value,
            "Prise d'effet de la suspension du troisième cycle : arrêt des versements",
            "gestionnaire_national",
        )
        rule = (
            "La suspension du troisième cycle prend effet au 1er janvier suivant la prise de "
            "fonctions d'interne ; l'allocation n'est plus versée jusqu'à l'installation."
        )
        return [_figure(deadline, rule, sources=(ART3_2C, FAQ_MINISTRY), children=(decision.step,))]
    diploma = diploma_date(situation)  # recorded diplomas are expected dates (choice D1)
    end, label = (
        diploma.value,
        ("Fin prévue de l'allocation (diplôme) : dernier mois versé, début de l'engagement"),
    )
    des, thesis = situation.first("des"), situation.first("thesis")
    if end is None and situation.profession == "medecine" and (des is None) != (thesis is None):
        # Medicine stops at the later of DES and thesis: with one of them recorded, the
        # allocation runs at least until that date.
        end = (des or thesis).date
        missing = "la thèse" if thesis is None else "le DES"
        label = f"Fin de l'allocation au plus tôt à cette date ({missing} reste à enregistrer)"
    if end is None or end < as_of:
        return []
    deadline = Deadline("allocation_end", end, label, "gestionnaire_national")
    rule = (
        "L'allocation est versée jusqu'au diplôme ; le gestionnaire national arrête les "
        "versements et l'engagement d'exercice peut commencer."
    )
    return [
        _figure(
            deadline,
            rule,
            branch=f"diplôme enregistré ou prévu le {end:%d/%m/%Y}",
            sources=(R632_73,),
            choice=f"Diplôme futur enregistré : date prévue ({choice_link('D1')})",
            children=(diploma.step,),
        )
    ]


def engagement_completion(known: Situation, as_of: date, engagement) -> Figure[Deadline] | None:
    """When the engagement is served if practice continues at today's share (R19, R22)."""
    remaining = engagement.months_remaining
    if remaining <= 0 or any(
        _covers(e.start, e.end, as_of) for e in known.of_type("practice_suspension")
    ):
        return None
    current = [e for e in known.of_type("practice") if _covers(e.start, e.end, as_of)]
    if not current:
        return None
    share = sum((e.zone_share for e in current), start=Decimal(0))
    needed = calendar_months_to_serve(remaining, share, known.signature_date)
    if needed.value < 0:
        return None  # below half-time nothing is credited: no completion to project
    month = Month.of(as_of) + needed.value
    deadline = Deadline(
        "engagement_completion",
        month.last_day(),
        f"Fin prévue de l'engagement si l'exercice continue à {_percent(share)} en zone",
        "signataire",
    )
    return _figure(
        deadline,
        (
            "L'engagement dure autant de mois que l'allocation a été versée (deux ans au moins) ; "
            "à temps partiel en zone (au moins le mi-temps), sa durée est augmentée au prorata "
            "du temps non réalisé. Projection : l'exercice continue à la part actuelle."
        ),
        branch=(
            f"{text_value(remaining)} mois restants au {as_of:%d/%m/%Y}, exercice à "
            f"{_percent(share)} en zone : {needed.value} mois civils à partir de "
            f"{Month.of(as_of) + 1}, engagement accompli fin {month}"
        ),
        sources=(L632_6, R631_24_6),
        choice=f"Projection à part constante, fin du dernier mois crédité ({choice_link('D3')})",
        simulated=True,
        children=(needed.step,),
    )


def end_of_contract_notice(
    known: Situation, completion: Figure[Deadline] | None
) -> Figure[Deadline] | None:
    """PRE2020: tell the CNG, the ARS and the Ordre, in the month before the end, whether
    one stays (décret 2010-735, art. 9), on the projected end of the engagement."""
    if completion is None or determine_regime(known).value.regime != "pre2020":
        return None
    end = completion.value.date
    opens = Month.of(end).first_day()
    deadline = Deadline(
        "end_of_contract_notice",
        end,
        "Informer le CNG, l'ARS et le conseil départemental de l'Ordre du maintien ou non "
        "sur le lieu d'exercice (dans le mois qui précède la fin du contrat)",
        "signataire",
    )
    return _figure(
        deadline,
        (
            "Dans le mois qui précède la fin de son contrat, le médecin informe le CNG, l'ARS "
            "et le conseil départemental de l'Ordre de son intention de rester ou non sur son "
            "lieu d'exercice."
        ),
        branch=f"fin prévue le {end:%d/%m/%Y} : à faire entre le {opens:%d/%m/%Y} et cette date",
        sources=(DECREE_ART9,),
        simulated=True,
        children=(completion.step,),
    )


def ars_followup(known: Situation, as_of: date) -> Figure[Deadline] | None:
    """Next yearly ARS follow-up: on each anniversary of the signature until installation."""
    practices = known.of_type("practice")
    if practices and practices[0].start <= as_of:
        return None  # installed: the yearly follow-up of the studies has ended
    years = max(1, as_of.year - known.signature_date.year)
    while (meeting := add_months(known.signature_date, FOLLOWUP_MONTHS * years)) < as_of:
        years += 1
    pre2020 = determine_regime(known).value.regime == "pre2020"
    deadline = Deadline(
        "ars_followup",
        meeting,
        f"Suivi annuel par l'ARS (échange n° {years} depuis la signature) : convocation du "
        "signataire",
        "ars",
    )
    rule = (
        "L'ARS de la région de l'UFR suit chaque signataire : un échange un an après la "
        "signature, puis chaque année jusqu'à l'installation ; se présenter aux convocations "
        "est une obligation du contrat."
        if not pre2020
        else "L'ARS convoque chaque année le signataire (au moins un an après la signature, à "
        "la fin du deuxième cycle puis chaque année du troisième cycle) ; deux absences non "
        "justifiées entraînent la résiliation."
    )
    return _figure(
        deadline,
        rule,
        branch=f"signature le {known.signature_date:%d/%m/%Y} + {years} an(s)",
        rejected=(Rejected("après l'installation", "aucun exercice commencé"),),
        sources=(FOLLOWUP_PRE2020 if pre2020 else FOLLOWUP_POST2020, R631_24_15),
        choice=f"Échéance à chaque anniversaire de la signature ({choice_link('D2')})",
    )


def amicable_appeal(breach, notification_received: date | None) -> Figure[Deadline] | None:
    """Last day of the amicable appeal against the sums notified after a breach (R28, T48)."""
    if breach is None or breach.total <= 0:
        return None
    received = notification_received or breach.date
    try:
        period = amicable_appeal_deadline(received)
    except SituationError:
        return None  # no amicable-appeal period in the texts before 29 May 2020
    deadline = Deadline(
        "amicable_appeal",
        period.value,
        "Dernier jour pour former un recours amiable contre les sommes notifiées",
        "signataire",
    )
    return _figure(
        deadline,
        "Le recours amiable est formé dans les 2 mois de la réception de la notification "
        "des sommes dues (calcul, montant, échéance, modalités de remboursement).",
        branch=(
            f"notification reçue le {received:%d/%m/%Y}"
            + ("" if notification_received else " (date de la rupture enregistrée)")
        ),
        sources=(APPEAL_SOURCE,),
        choice=(
            ""
            if notification_received
            else f"Sans date de notification, celle de la rupture ({choice_link('D4')})"
        ),
        children=(period.step,),
    )


def lookback_days(as_of: date) -> dict[str, int]:
    """How many days before ``as_of`` a dated fact can still bring a deadline on or after
    ``as_of``: an internship start (the third-cycle request window, day of the start
    included) and a breach (the amicable appeal, counted from the breach date: choice
    D4). Lets a caller select the facts worth evaluating without evaluating them all."""
    try:
        window = params.value("suspensions.third_cycle_request_window_days", as_of).value + 1
    except ParameterError:
        window = 0
    try:
        appeal = params.value("appeals.amicable_appeal_months", as_of).value * 31
    except ParameterError:
        appeal = 0
    return {"internship_start": window, "breach": appeal}


def _percent(share: Decimal) -> str:
    """« 75 % », « 62,5 % »."""
    value = share * 100
    exact = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return f"{text_value(exact)} %"


def deadlines(
    situation: Situation | dict[str, Any],
    as_of: date,
    *,
    notification_received: date | None = None,
    evaluation: Evaluation | None = None,
) -> list[Figure[Deadline]]:
    """The regulatory deadlines still to come on ``as_of`` (date ≥ ``as_of``), sorted by date.

    ``notification_received``: receipt of the letter notifying the sums due after a
    breach (default: the breach date, choice D4). ``evaluation``: the evaluation of this
    same situation on ``as_of``, when the caller already has it (else computed here).
    ``SituationError`` for an invalid situation, as ``evaluate``.
    """
    situation = parse_situation(situation)
    if evaluation is None:
        evaluation = evaluate(situation, as_of=as_of)
    try:
        with params.overriding(situation.overrides_dict):
            found = _collect(situation, as_of, evaluation, notification_received)
    except ParameterError as error:
        raise outside_known_texts(error) from None
    upcoming = [
        _with_manager(f, situation.signature_date)
        for f in found
        if f is not None and f.value.date >= as_of
    ]
    return sorted(upcoming, key=lambda f: (f.value.date, KINDS.index(f.value.kind)))


def _collect(
    situation: Situation, as_of: date, evaluation, notification_received: date | None
) -> list[Figure[Deadline] | None]:
    known = _known_on(situation, as_of)
    if known.first("breach") is not None:
        breach = evaluation.breach.value if evaluation.breach is not None else None
        return [amicable_appeal(breach, notification_received)]
    engagement = evaluation.engagement.value
    if engagement.completed_on is not None:
        return []
    found: list[Figure[Deadline] | None] = [
        third_cycle_request_window(known, as_of),
        *running_period_ends(known, as_of),
        *allocation_deadlines(situation, known, as_of),
        completion := engagement_completion(known, as_of, engagement),
        end_of_contract_notice(known, completion),
        ars_followup(known, as_of),
    ]
    return found
