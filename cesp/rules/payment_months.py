"""Month by month, whether the allocation is due, and why not when it is not.

``month_reasons(data, first, last)`` answers, for each month of ``first..last``, the
question a signatory asks in front of a gap in their payments: is this month owed, and
if not, which fact of the contract stops it. The months due are the engine's own
(``payments.months_due``, hence interfaces.md §1 and the allocation rule), never a second
copy; this module only names the fact behind each month *not* due, in French, with its
text:

- before the effect date (1 October or 1 November of the campaign year, retroactive):
  arrêté du 27 juillet 2010 (sélection, attribution, suspension), art. 3;
- a suspension during studies at the signatory's request, whole months neither paid nor
  owed: same arrêté, art. 3;
- the suspension for the whole third cycle, from 1 January after the request: art. 3, 2° c;
- after the diploma (medicine: DES and thesis; odontology, pharmacy, midwifery: State
  diploma; PADHUE: end of the pathway): Code de l'éducation, art. R632-73 and R631-24-9;
- from the breach of the contract, which takes effect on its receipt (model contract,
  termination clause; Code de l'éducation, art. R631-24-16);
- a month not begun yet.

Pure: no database, no clock (``as_of`` is given).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cesp.rules.allocation import effect_date
from cesp.rules.explain import quiet
from cesp.rules.months import Month
from cesp.rules.payments import month_text, months_due
from cesp.rules.situation import Situation, parse_situation
from cesp.rules.suspensions import third_cycle_suspension

ART3 = "Arrêté du 27 juillet 2010 (sélection, attribution, suspension), art. 3"
ART3_2C = "Arrêté du 27 juillet 2010 (sélection, attribution, suspension), art. 3, 2° c"
DIPLOMA = "Code de l'éducation, art. R632-73 et R631-24-9"
BREACH = "Code de l'éducation, art. R631-24-16 ; contrat type, clause de résiliation"
FUTURE = "interfaces.md §3 (échéancier des versements)"

#: Why a month is not due (code → French), codes for tests and CSS, never shown.
BEFORE_EFFECT, SUSPENDED, THIRD_CYCLE, AFTER_DIPLOMA, BROKEN, NOT_YET, OTHER = (
    "before_effect",
    "suspended",
    "third_cycle",
    "after_diploma",
    "broken",
    "not_yet",
    "other",
)


@dataclass(frozen=True, slots=True)
class MonthReason:
    """One month: due or not, the French reason when not, and the text it rests on."""

    month: Month
    due: bool
    code: str = ""
    reason: str = ""
    source: str = ""

    @property
    def label(self) -> str:
        """« octobre 2021 »."""
        return month_text(self.month)


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _diploma_day(situation: Situation) -> date | None:
    if situation.profession == "medecine":
        des, thesis = situation.first("des"), situation.first("thesis")
        return max(des.date, thesis.date) if des and thesis else None
    event = situation.first("pathway_end" if situation.is_padhue else "thesis")
    return event.date if event else None


def _why_not(situation: Situation, month: Month, as_of: date) -> MonthReason:
    first = month.first_day()
    breach = situation.first("breach")
    if breach is not None and breach.date <= first:
        return MonthReason(
            month,
            False,
            BROKEN,
            f"contrat rompu le {_d(breach.date)} : l'allocation n'est plus due à partir de "
            "la rupture",
            BREACH,
        )
    if first > as_of:
        return MonthReason(month, False, NOT_YET, "mois à venir", FUTURE)
    with quiet():
        effect = effect_date(situation).value
        third = third_cycle_suspension(situation).value
    if first < effect.replace(day=1):
        return MonthReason(
            month,
            False,
            BEFORE_EFFECT,
            f"avant la date d'effet de l'allocation ({_d(effect)})",
            ART3,
        )
    if third is not None and third <= first:
        return MonthReason(
            month,
            False,
            THIRD_CYCLE,
            f"suspension pendant le troisième cycle depuis le {_d(third)} : l'allocation "
            "reprend à l'installation",
            ART3_2C,
        )
    for event in situation.of_type("suspension"):
        if Month.of(event.start) <= month <= Month.of(event.end):
            return MonthReason(
                month,
                False,
                SUSPENDED,
                f"suspension à votre demande du {_d(event.start)} au {_d(event.end)} : "
                "mois ni versé ni dû",
                ART3,
            )
    diploma = _diploma_day(situation)
    if diploma is not None and Month.of(diploma) < month:
        return MonthReason(
            month,
            False,
            AFTER_DIPLOMA,
            f"diplôme obtenu le {_d(diploma)} : l'allocation cesse au diplôme",
            DIPLOMA,
        )
    return MonthReason(month, False, OTHER, "mois non dû selon les règles de l'allocation", ART3)


def month_reasons(data: Any, first: Month, last: Month, as_of: date) -> tuple[MonthReason, ...]:
    """Each month of ``first..last``: due on ``as_of`` with these facts, or why not.

    ``data`` is a situation of interfaces.md §1 (a dict or a parsed ``Situation``); raises
    ``SituationError`` as the engine does when the facts are refused."""
    situation = data if isinstance(data, Situation) else parse_situation(data)
    due = set(months_due(situation, as_of)) if first <= last else set()
    out = []
    for index in range(first.index, last.index + 1):
        month = Month.from_index(index)
        if index in due:
            out.append(MonthReason(month, True))
        else:
            out.append(_why_not(situation, month, as_of))
    return tuple(out)


def allocation_months(data: Any, as_of: date) -> tuple[Month, Month | None]:
    """(first month of the allocation, last month due up to ``as_of`` or None)."""
    situation = data if isinstance(data, Situation) else parse_situation(data)
    with quiet():
        effect = effect_date(situation).value
    due = months_due(situation, as_of)
    return Month.of(effect), (Month.from_index(due[-1]) if due else None)
