"""The public simulator: a student's answers turned into situations for the rules engine.

Nothing is computed here: the answers become situation dicts in the format of
``interfaces.md`` §1 and ``cesp.rules.evaluate`` gives every figure and its explanation.
Two scenarios are evaluated:

* *the contract carried through*: evaluated on the day the allocation stops (the later
  diploma date), or today when no diploma date is given;
* *where I will be on the chosen date* (if a date and a start of practice are given):
  the same facts evaluated on that date — months served so far, with the part-time
  share in zone;
* *a breach on the chosen date* (if a date is given): the same facts plus a voluntary
  breach on that date, evaluated on that date.

With a start of practice, the "carried through" scenario also gives the projected end of
the engagement (the rules' ``engagement_completion`` deadline: at the chosen share in zone,
part time included, after a suspension of practice if one is simulated).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone

from cesp.core.ui.forms import CommuneField, DateInput, DsfrFormMixin
from cesp.rules import evaluate, parse_situation
from cesp.rules.deadlines import Deadline, deadlines
from cesp.rules.explain import Figure
from cesp.rules.vocabulary import CATEGORY_PUBLIC_LABELS, PROFESSION_PUBLIC_LABELS
from cesp.rules.whatif import with_breach
from cesp.territories.aids import aids_for

PROFESSIONS = list(PROFESSION_PUBLIC_LABELS.items())
CATEGORIES = list(CATEGORY_PUBLIC_LABELS.items())
ZONE_SHARES = [
    ("1", "100 % en zone sous-dotée (temps plein)"),
    ("0.8", "80 % en zone"),
    ("0.75", "75 % en zone"),
    ("0.5", "50 % en zone (mi-temps)"),
    ("0.4", "40 % en zone (moins d'un mi-temps)"),
]


class SimulatorForm(DsfrFormMixin, forms.Form):
    """What a student knows about their contract, in their words."""

    profession = forms.ChoiceField(label="Profession", choices=PROFESSIONS)
    category = forms.ChoiceField(label="Cycle ou catégorie à la signature", choices=CATEGORIES)
    campaign_year = forms.IntegerField(
        label="Année de la campagne de sélection",
        help_text="Année universitaire de la campagne : 2024 pour 2024-2025.",
        min_value=2010,
        max_value=2035,
    )
    signature_date = forms.DateField(label="Date de signature du contrat", widget=DateInput())
    des_date = forms.DateField(
        label="Date prévue du DES (diplôme d'études spécialisées)",
        required=False,
        widget=DateInput(),
        help_text="Médecine : l'allocation s'arrête au dernier des deux diplômes.",
    )
    thesis_date = forms.DateField(
        label="Date prévue de la thèse (diplôme d'État de docteur)",
        required=False,
        widget=DateInput(),
    )
    suspension_start = forms.DateField(
        label="Suspension pendant les études : du",
        required=False,
        widget=DateInput(),
        help_text="Facultatif : congé (maternité, maladie…) pour lequel vous demanderiez "
        "la suspension du contrat.",
    )
    suspension_end = forms.DateField(
        label="Suspension pendant les études : au", required=False, widget=DateInput()
    )
    practice_start = forms.DateField(
        label="Date prévue du début d'exercice en zone",
        required=False,
        widget=DateInput(),
    )
    zone_share = forms.ChoiceField(
        label="Part de l'activité exercée en zone sous-dotée",
        choices=ZONE_SHARES,
        initial="1",
        required=False,
        help_text="En dessous d'un mi-temps en zone, le mois n'est pas décompté.",
    )
    practice_suspension_start = forms.DateField(
        label="Suspension d'exercice : du",
        required=False,
        widget=DateInput(),
        help_text="Facultatif : une interruption de votre exercice en zone (d'un à douze mois), "
        "que l'ARS accorderait ; ces mois ne comptent pas dans l'engagement.",
    )
    practice_suspension_end = forms.DateField(
        label="Suspension d'exercice : au", required=False, widget=DateInput()
    )
    commune = CommuneField(
        label="Commune où je voudrais m'installer",
        required=False,
        help_text="Facultatif : pour savoir si elle compte pour le CESP et quelles aides "
        "à l'installation s'y appliquent. Nom, code postal ou code INSEE, par exemple "
        "Montpellier, 34000 ou 34172.",
    )
    mode = forms.ChoiceField(
        label="Mode d'exercice envisagé",
        choices=[("liberal", "Libéral"), ("salarie", "Salarié"), ("mixte", "Mixte")],
        initial="liberal",
        required=False,
    )
    breach_date = forms.DateField(
        label="Et si je rompais mon contrat le…",
        required=False,
        widget=DateInput(),
        help_text="Facultatif : date d'une rupture hypothétique, pour en connaître le coût.",
    )

    def clean(self) -> dict:
        data = super().clean()
        signature = data.get("signature_date")
        self._clean_period(data, "suspension", "de la suspension")
        if self._clean_period(data, "practice_suspension", "de la suspension d'exercice"):
            self._clean_practice_suspension(data)
        for name in (
            "des_date",
            "thesis_date",
            "suspension_start",
            "practice_start",
            "breach_date",
        ):
            value = data.get(name)
            if signature and value and value < signature:
                self.add_error(name, "Cette date doit être postérieure à la date de signature.")
        return data

    def _clean_period(self, data: dict, prefix: str, of_what: str) -> bool:
        """Both ends or neither, the end after the start; True when the period is whole."""
        start, end = data.get(f"{prefix}_start"), data.get(f"{prefix}_end")
        if bool(start) != bool(end):
            missing = f"{prefix}_end" if start else f"{prefix}_start"
            self.add_error(missing, f"Indiquez le début et la fin {of_what}.")
            return False
        if start and end and end < start:
            self.add_error(f"{prefix}_end", f"La fin {of_what} précède son début.")
            return False
        return bool(start)

    def _clean_practice_suspension(self, data: dict) -> None:
        """A suspension of practice needs practice, and begins after it."""
        start, practice = data["practice_suspension_start"], data.get("practice_start")
        if not practice:
            self.add_error(
                "practice_start", "Indiquez le début d'exercice pour simuler une suspension."
            )
        elif start < practice:
            self.add_error(
                "practice_suspension_start",
                "La suspension d'exercice commence après le début d'exercice.",
            )


@dataclass(frozen=True)
class Scenario:
    """One evaluated scenario: its title, the date it is computed at, the engine's result."""

    key: str
    title: str
    as_of: date
    result: dict
    text: str
    completion: Figure[Deadline] | None = None


def base_situation(data: dict) -> dict:
    """The facts common to every scenario, in the format of interfaces.md §1."""
    events: list[dict] = []
    if data.get("suspension_start") and data.get("suspension_end"):
        events.append(
            {
                "type": "suspension",
                "from": data["suspension_start"].isoformat(),
                "to": data["suspension_end"].isoformat(),
                "reason": "conge",
            }
        )
    if data.get("des_date"):
        events.append({"type": "des", "date": data["des_date"].isoformat()})
    if data.get("thesis_date"):
        events.append({"type": "thesis", "date": data["thesis_date"].isoformat()})
    if data.get("practice_start"):
        events.append(
            {
                "type": "practice",
                "from": data["practice_start"].isoformat(),
                "to": None,
                "zone_share": float(Decimal(data.get("zone_share") or "1")),
            }
        )
    if data.get("practice_suspension_start") and data.get("practice_suspension_end"):
        events.append(
            {
                "type": "practice_suspension",
                "from": data["practice_suspension_start"].isoformat(),
                "to": data["practice_suspension_end"].isoformat(),
            }
        )
    return {
        "profession": data["profession"],
        "category": data["category"],
        "campaign_year": data["campaign_year"],
        "signature_date": data["signature_date"].isoformat(),
        "events": events,
    }


def completion_date(data: dict, today: date) -> date:
    """When the scenario "carried through" is evaluated: the later diploma, else today."""
    diplomas = [d for d in (data.get("des_date"), data.get("thesis_date")) if d]
    return max(diplomas) if diplomas else today


def engagement_end(data: dict, today: date) -> Figure[Deadline] | None:
    """The projected end of the engagement if practice goes as planned (the rules'
    ``engagement_completion``, art. L632-6 and R631-24-6: at the share in zone, part time
    prorated): projected from the start of practice, or, when a suspension of practice is
    simulated and the engagement is not served before it, from the day practice resumes."""
    start = data.get("practice_start")
    if not start:
        return None
    situation = parse_situation(base_situation(data))
    days = [start]
    if data.get("practice_suspension_end"):
        days.append(data["practice_suspension_end"] + timedelta(days=1))
    suspension = data.get("practice_suspension_start")
    for day in days:
        evaluation = evaluate(situation, as_of=day, today=today)
        found = [
            f
            for f in deadlines(situation, day, evaluation=evaluation)
            if f.value.kind == "engagement_completion"
        ]
        if found and (suspension is None or day > suspension or found[0].value.date < suspension):
            return found[0]
    return None


def breach_situation(data: dict) -> dict:
    """The same facts plus a voluntary breach on the chosen date (see ``whatif``)."""
    return with_breach(base_situation(data), data["breach_date"])


def simulate(data: dict, today: date | None = None) -> list[Scenario]:
    """Evaluate the scenarios with the rules engine (raises SituationError on bad facts)."""
    today = today or timezone.localdate()
    scenarios = []
    as_of = completion_date(data, today)
    evaluation = evaluate(parse_situation(base_situation(data)), as_of=as_of, today=today)
    scenarios.append(
        Scenario(
            "through",
            "Si je vais au bout de mes études",
            as_of,
            evaluation.to_dict(),
            evaluation.to_text(),
            engagement_end(data, today),
        )
    )
    practice = data.get("practice_start")
    if data.get("breach_date") and practice and practice < data["breach_date"]:
        on = data["breach_date"]
        evaluation = evaluate(parse_situation(base_situation(data)), as_of=on, today=today)
        scenarios.append(
            Scenario(
                "continue",
                "Si je continue : où j'en serai à cette date",
                on,
                evaluation.to_dict(),
                evaluation.to_text(),
            )
        )
    if data.get("breach_date"):
        breach = data["breach_date"]
        evaluation = evaluate(parse_situation(breach_situation(data)), as_of=breach, today=today)
        scenarios.append(
            Scenario(
                "breach",
                "Si je romps mon contrat à cette date",
                breach,
                evaluation.to_dict(),
                evaluation.to_text(),
            )
        )
    return scenarios


def aids_answer(data: dict, today: date | None = None) -> dict | None:
    """Zone and installation aids at the chosen commune (the territories' finder, which
    calls ``cesp.rules.aids``), on the planned start of practice or today."""
    if not data.get("commune"):
        return None
    day = data.get("practice_start") or today or timezone.localdate()
    answer = aids_for(data["commune"], day, data["profession"], data.get("mode") or "liberal")
    return answer.as_dict()
