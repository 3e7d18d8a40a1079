"""Loads and runs the French YAML cases of ``tests/rules/cases/``.

Used by the tests (``tests/rules/test_cases.py``), by ``cesp.rules.docs`` (which cases
exercise which parameter) and by the coverage report (``docs/rules-coverage.md``). The
cases are found in the checkout; an installed package without them finds none. Each
rule a case may name (``regle``) has an adapter here that turns the French ``faits``
into the engine's inputs and the engine's figures back into French names; the adapters
add no logic of their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from cesp.rules import appeals, authority, commission, offers, params, recovery, zones
from cesp.rules import zoning_protection as protection
from cesp.rules.aids import PlaceFacts, find_aids
from cesp.rules.deadlines import deadlines
from cesp.rules.eligibility import Application, eligibility
from cesp.rules.errors import SituationError
from cesp.rules.evaluate import evaluate
from cesp.rules.explain import Step
from cesp.rules.money import round_cents

#: The YAML cases of the checkout (absent from an installed package).
CASES_DIR = Path(__file__).resolve().parents[2] / "tests" / "rules" / "cases"
CASE_KEYS = {"nom", "oracle", "sources", "faits", "attendu", "regle", "note"}
FILE_KEYS = {"theme", "regle", "cas"}


class CaseFailure(AssertionError):
    """A case whose figures, error or sources differ from what the engine gives."""


@dataclass(frozen=True)
class Case:
    file: str
    index: int
    name: str
    oracle: str
    sources: tuple[str, ...]
    facts: Any
    expected: dict[str, Any]
    rule: str
    theme: str = ""

    @property
    def id(self) -> str:
        oracle = re.sub(r"[^A-Za-z0-9]+", "", self.oracle.split()[0]) if self.oracle else ""
        return f"{Path(self.file).stem}-{self.index + 1}-{oracle}"


@dataclass
class Outcome:
    """What a rule gave: figures by French name, and the explanation steps."""

    values: dict[str, Any]
    steps: list[Step] = field(default_factory=list)

    def walk(self) -> Iterator[Step]:
        for step in self.steps:
            yield from step.walk()

    def citations(self) -> list[str]:
        found: dict[str, None] = {}
        for step in self.steps:
            for citation in step.all_sources():
                found.setdefault(citation, None)
        return list(found)

    def parameters(self) -> set[tuple[str, date]]:
        return {
            (parameter.name, parameter.start)
            for step in self.walk()
            for parameter in step.parameters
            if not parameter.simulated
        }


def load_cases(directory: Path = CASES_DIR) -> list[Case]:
    """Every case of every YAML file, with the file's ``regle`` as default."""
    cases = []
    for path in sorted(directory.glob("*.yaml")):
        data = params.load_yaml(path.read_text(encoding="utf-8"))
        unknown = set(data) - FILE_KEYS
        if unknown:
            raise ValueError(f"{path.name} : clés inconnues {sorted(unknown)}")
        for index, raw in enumerate(data["cas"]):
            unknown = set(raw) - CASE_KEYS
            if unknown:
                raise ValueError(f"{path.name}, cas {index + 1} : clés inconnues {sorted(unknown)}")
            rule = raw.get("regle") or data.get("regle")
            if rule not in ADAPTERS:
                raise ValueError(f"{path.name}, cas {index + 1} : règle inconnue « {rule} »")
            cases.append(
                Case(
                    file=path.name,
                    index=index,
                    name=str(raw["nom"]),
                    oracle=str(raw.get("oracle") or ""),
                    sources=tuple(raw.get("sources") or ()),
                    facts=raw["faits"],
                    expected=dict(raw["attendu"]),
                    rule=rule,
                    theme=str(data.get("theme") or ""),
                )
            )
    return cases


# --- conversions of French facts --------------------------------------------------------


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _optional_date(value: Any) -> date | None:
    return None if value in (None, "") else _date(value)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).lower() in {"oui", "vrai", "true"}:
        return True
    if str(value).lower() in {"non", "faux", "false"}:
        return False
    raise ValueError(f"oui ou non attendu, reçu « {value} »")


def _facts(facts: dict, required: set[str], optional: set[str] = frozenset()) -> dict:
    missing = required - set(facts)
    unknown = set(facts) - required - set(optional)
    if missing or unknown:
        raise ValueError(f"faits : manquants {sorted(missing)}, inconnus {sorted(unknown)}")
    return facts


# --- adapters: one per rule a case may name -----------------------------------------


def _eligibility(facts: dict) -> Outcome:
    f = _facts(
        facts,
        {"profession", "categorie", "date_candidature"},
        {
            "annee_etudes",
            "parcours_pharmacie",
            "contrat_comparable",
            "inscrit_ufr_francaise",
            "auditeur_libre",
        },
    )
    figure = eligibility(
        Application(
            profession=f["profession"],
            category=f["categorie"],
            application_date=_date(f["date_candidature"]),
            study_year=f.get("annee_etudes"),
            pharmacy_track=f.get("parcours_pharmacie"),
            holds_comparable_engagement=_bool(f.get("contrat_comparable", "non")),
            enrolled_in_french_faculty=_bool(f.get("inscrit_ufr_francaise", "oui")),
            free_auditor=_bool(f.get("auditeur_libre", "non")),
        )
    )
    return Outcome({"eligible": figure.value}, [figure.step])


def _complementary_cap(facts: dict) -> Outcome:
    f = _facts(facts, {"contrats_ouverts", "campagne"}, {"date_listes"})
    figure = commission.complementary_list_cap(
        f["contrats_ouverts"], f["campagne"], _optional_date(f.get("date_listes"))
    )
    return Outcome({"plafond": figure.value}, [figure.step])


def _lists_ok(facts: dict) -> Outcome:
    f = _facts(
        facts,
        {"contrats_ouverts", "liste_principale", "liste_complementaire", "campagne"},
        {"date_listes"},
    )
    figure = commission.check_lists(
        f["contrats_ouverts"],
        f["liste_principale"],
        f["liste_complementaire"],
        f["campagne"],
        _optional_date(f.get("date_listes")),
    )
    return Outcome({"conformes": figure.value}, [figure.step])


def _lists_deadline(facts: dict) -> Outcome:
    figure = commission.lists_deadline(_facts(facts, {"campagne"})["campagne"])
    return Outcome({"date_limite": figure.value}, [figure.step])


def _quota(facts: dict) -> Outcome:
    figure = commission.national_quota_total(_facts(facts, {"campagne"})["campagne"])
    return Outcome({"total": figure.value}, [figure.step])


def _offer_due(facts: dict) -> Outcome:
    figure = offers.signed_contract_due(_date(_facts(facts, {"offre_recue"})["offre_recue"]))
    return Outcome({"date_limite": figure.value}, [figure.step])


def _cascade(facts: dict) -> Outcome:
    f = _facts(
        facts,
        {"contrats_ouverts", "liste_principale", "liste_complementaire", "offres", "aujourd_hui"},
    )
    made = [
        offers.Offer(
            candidate=item["candidat"],
            received=_date(item["recue"]),
            returned=_optional_date(item.get("retournee")),
            declined=_bool(item.get("refus", "non")),
        )
        for item in f["offres"]
    ]
    figure = offers.next_candidates(
        f["liste_principale"],
        f["liste_complementaire"],
        f["contrats_ouverts"],
        made,
        _date(f["aujourd_hui"]),
    )
    return Outcome({"a_proposer": figure.value}, [figure.step])


def _appeal(facts: dict) -> Outcome:
    f = _facts(facts, {"notification_recue"}, {"recours_forme"})
    received = _date(f["notification_recue"])
    deadline = appeals.amicable_appeal_deadline(received)
    outcome = Outcome({"date_limite": deadline.value}, [deadline.step])
    if "recours_forme" in f:
        timely = appeals.appeal_in_time(received, _date(f["recours_forme"]))
        outcome.values["dans_le_delai"] = timely.value
        outcome.steps.append(timely.step)
    return outcome


def _manager(facts: dict) -> Outcome:
    f = _facts(facts, {"signature", "date"}, {"contentieux"})
    figure = authority.competent_manager(
        _date(f["signature"]), _date(f["date"]), _optional_date(f.get("contentieux"))
    )
    return Outcome({"gestionnaire": figure.value}, [figure.step])


def _observations(facts: dict) -> Outcome:
    f = _facts(facts, {"mise_en_demeure_recue"}, {"motif", "decision"})
    received = _date(f["mise_en_demeure_recue"])
    deadline = recovery.observations_deadline(received)
    outcome = Outcome({"date_limite": deadline.value}, [deadline.step])
    if "decision" in f:
        refusals = recovery.decision_refusals(
            f.get("motif", "change_of_place"), received, _date(f["decision"])
        )
        outcome.values["decision_possible"] = not refusals
    return outcome


def _creditor(facts: dict) -> Outcome:
    f = _facts(facts, {"regime", "date"}, {"en_exercice", "contentieux"})
    figure = recovery.creditor(
        f["regime"],
        _bool(f.get("en_exercice", False)),
        _date(f["date"]),
        _optional_date(f.get("contentieux")),
    )
    return Outcome({"creancier": figure.value}, [figure.step])


def _zone(facts: dict) -> Outcome:
    f = _facts(facts, {"classe", "profession", "date"})
    figure = zones.zone_counts_for_cesp(f["classe"], f["profession"], _date(f["date"]))
    return Outcome({"compte": figure.value}, [figure.step])


def _protection(facts: dict) -> Outcome:
    f = _facts(facts, {"declarations", "commune", "changement_zonage"}, {"regime"})
    declarations = [
        protection.Declaration(_date(item["date"]), frozenset(str(c) for c in item["communes"]))
        for item in f["declarations"]
    ]
    figure = protection.zoning_change_protection(
        declarations,
        str(f["commune"]),
        _date(f["changement_zonage"]),
        f.get("regime", "post2020"),
    )
    return Outcome({"protege": figure.value}, [figure.step])


def _cost(facts: dict) -> Outcome:
    """Cost of financed months at the gross amount parameter (T44, T45: observatory)."""
    f = _facts(facts, {"mois_finances", "date"}, {"installations"})
    gross = params.value("allocation.gross_monthly_amount", _date(f["date"]))
    cost = gross.value * f["mois_finances"]
    step = Step(
        figure="cout",
        value=cost,
        rule="Coût = mois financés × montant brut mensuel",
        parameters=(gross,),
    )
    outcome = Outcome({"cout": cost}, [step])
    if "installations" in f:
        outcome.values["cout_par_installation"] = round_cents(cost / f["installations"])
    return outcome


def _aids(facts: dict) -> Outcome:
    """Installation aids of a place (cesp.rules.aids, territories engineer's rule)."""
    f = _facts(
        facts,
        {"commune", "departement", "region", "zone", "date", "profession", "mode"},
        {"massif", "qpv", "frr", "secteur_garde_zip"},
    )
    garde = f.get("secteur_garde_zip")
    place = PlaceFacts(
        commune_code=str(f["commune"]),
        department=str(f["departement"]),
        region=str(f["region"]),
        zone=f["zone"],
        in_massif=_bool(f.get("massif", "non")),
        has_qpv=_bool(f.get("qpv", "non")),
        in_frr=_bool(f.get("frr", "non")),
        guard_sector_has_zip=None if garde is None else _bool(garde),
    )
    result = find_aids(place, _date(f["date"]), f["profession"], f["mode"])
    values: dict[str, Any] = {"aides": sorted(result.ids())}
    for aid in result.aids:
        values[f"montant.{aid.id}"] = aid.amount
    return Outcome(values, [aid.step for aid in result.aids])


def _deadlines(facts: dict) -> Outcome:
    """Deadlines still to come (cesp.rules.deadlines): kinds in date order, and each date."""
    situation = dict(facts)
    as_of = _date(situation.pop("as_of"))
    found = deadlines(situation, as_of)
    values: dict[str, Any] = {"echeances": [figure.value.kind for figure in found]}
    for figure in found:
        values.setdefault(figure.value.kind, figure.value.date)
    return Outcome(values, [figure.step for figure in found])


def _situation(facts: dict) -> Outcome:
    evaluation = evaluate(facts)
    return Outcome(_flatten(evaluation.to_dict(explain=False)), [evaluation.tree])


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    if isinstance(data, dict):
        if prefix:
            flat[prefix] = data
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else key))
    else:
        flat[prefix] = data
    return flat


ADAPTERS: dict[str, Callable[[Any], Outcome]] = {
    "situation": _situation,
    "eligibilite": _eligibility,
    "plafond_liste_complementaire": _complementary_cap,
    "listes_conformes": _lists_ok,
    "date_limite_listes": _lists_deadline,
    "quota_national": _quota,
    "delai_offre": _offer_due,
    "cascade_offres": _cascade,
    "recours_amiable": _appeal,
    "gestionnaire": _manager,
    "delai_observations": _observations,
    "creancier": _creditor,
    "zone": _zone,
    "protection_zonage": _protection,
    "cout": _cost,
    "aides": _aids,
    "echeances": _deadlines,
}


# --- comparison ---------------------------------------------------------------------


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("\u202f", " ")
    return text.casefold()


def _matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, str) and expected.lower() in {"oui", "non"}:
        return actual is (expected.lower() == "oui")
    if isinstance(expected, bool):
        return actual is expected
    if expected is None:
        return actual is None
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(_matches(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        expected = str(expected)
    if isinstance(actual, date):
        return str(expected) == actual.isoformat()
    text = str(expected)
    if re.fullmatch(r"-?\d+(\.\d+)?", text) and actual is not None and not isinstance(actual, bool):
        try:
            value = Decimal(str(actual))
        except ArithmeticError:
            return False
        decimals = len(text.partition(".")[2])
        return value.quantize(Decimal(1).scaleb(-decimals)) == Decimal(text)
    return str(actual) == text


def execute(case: Case) -> Outcome:
    return ADAPTERS[case.rule](case.facts)


def run_case(case: Case) -> Outcome | None:
    """Run one case; raise ``CaseFailure`` saying what differs."""
    if "erreur" in case.expected:
        try:
            execute(case)
        except SituationError as error:
            if case.expected["erreur"] not in error.field:
                raise CaseFailure(
                    f"erreur attendue sur « {case.expected['erreur']} », reçue sur "
                    f"« {error.field} » : {error}"
                ) from None
            cited = _plain(f"{error.rule} {error.message}")
            for source in case.sources:
                if _plain(source) not in cited:
                    raise CaseFailure(f"le refus ne cite pas « {source} » : {error}") from None
            return None
        raise CaseFailure(f"le moteur devait refuser ces faits ({case.expected['erreur']})")
    try:
        outcome = execute(case)
    except SituationError as error:
        raise CaseFailure(f"refus inattendu : {error}") from None
    problems = []
    for key, expected in case.expected.items():
        if key not in outcome.values:
            problems.append(f"{key} : absent du résultat ({sorted(outcome.values)[:12]}…)")
        elif not _matches(expected, outcome.values[key]):
            problems.append(f"{key} : attendu {expected!r}, obtenu {outcome.values[key]!r}")
    cited = [_plain(citation) for citation in outcome.citations()]
    for source in case.sources:
        if not any(_plain(source) in citation for citation in cited):
            problems.append(f"source non citée : « {source} » (citées : {outcome.citations()})")
    if problems:
        raise CaseFailure("\n  ".join(problems))
    return outcome


def exercised_parameters(cases: list[Case]) -> dict[tuple[str, date], list[Case]]:
    """(parameter, start of value) → the cases whose explanation used that value."""
    used: dict[tuple[str, date], list[Case]] = {}
    for case in cases:
        try:
            outcome = execute(case)
        except SituationError:
            continue
        for key in outcome.parameters():
            used.setdefault(key, []).append(case)
    return used
