"""The rules documentation: one Markdown page per rule and per parameter, plus an index.

``write_docs(out_dir)`` (``cesp rules docs OUT/``) writes:

- ``index.md``: the rules and the parameters, with links;
- ``rules/<module>.md``: per rule module, its text (formula in words, articles), its
  public functions, the parameters it reads, the YAML cases that exercise it;
- ``parameters/<name>.md``: description, unit, the date that selects the value, the full
  dated history (value, dates, legal reference with its Legifrance link, note), and for
  each dated value the cases that use it;
- ``coverage.md``: which dated value of which parameter the cases exercise.

The cases (``tests/rules/cases/*.yaml``) are found next to the package when it runs from
a checkout; an installed package without them still writes every page, saying so.
``python -m cesp.rules.docs --coverage docs/rules-coverage.md`` rewrites the coverage
report alone.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote_plus

from cesp.rules import params
from cesp.rules.cases import CASES_DIR, execute, load_cases
from cesp.rules.explain import json_safe

ROOT = Path(__file__).resolve().parents[2]
LEGIFRANCE = "https://www.legifrance.gouv.fr"

# Rule modules, in reading order, with the rules of cesp-rules.md they implement.
RULE_MODULES: tuple[tuple[str, str, str], ...] = (
    ("regime", "Régime du contrat", "§0, Q13"),
    ("eligibility", "Éligibilité des candidats", "R1–R4"),
    ("commission", "Listes de la commission et quotas", "R5, R8, R9"),
    ("offers", "Offre de contrat et délai de réflexion", "R10"),
    ("allocation", "Allocation mensuelle (brut, net, mois)", "R12–R15"),
    ("suspensions", "Suspensions (études, troisième cycle, exercice)", "R16–R18"),
    ("deferral", "Report d'installation", "R20"),
    ("engagement", "Engagement (durée, temps partiel)", "R19, R22"),
    ("zones", "Zones où l'engagement s'exécute", "R21, Q15"),
    ("zoning_protection", "Protection du projet stable 3 ans", "R25"),
    ("breach", "Rupture : remboursement, pénalité, taux dégressif", "R28–R33"),
    ("appeals", "Recours amiable", "R28"),
    ("authority", "Gestionnaire compétent (CNG, autorité administrative)", "décret 2025-270"),
    ("recovery", "Procédure de rupture : observations, créancier, échéancier", "R28, R34"),
    ("status", "Statut du contrat", "interfaces.md §1"),
    ("deadlines", "Échéances réglementaires à venir", "R16–R20, R22, R27, R28"),
    ("aids", "Aides à l'installation", "seeds 003 et 004"),
)

# Dated values that no case can exercise, and why (checked by tests/rules/test_docs.py).
COVERAGE_EXEMPTIONS: dict[tuple[str, str], str] = {
    ("commission.national_quota_total", "2011-10-01"): (
        "valeur inconnue (quotas 2011-2020 non recueillis) : un cas vérifie que le moteur "
        "refuse au lieu d'inventer"
    ),
    ("commission.national_quota_total", "2022-10-01"): (
        "valeur inconnue (2022-2023) : un cas vérifie le refus"
    ),
    ("commission.national_quota_total", "2024-10-01"): (
        "valeur inconnue (2024 →) : un cas vérifie le refus"
    ),
    ("payments.run_day", "2010-01-01"): (
        "jour des versements : les cas YAML évaluent une situation à une date, sans rejouer "
        "les versements ; exercé par tests/rules/test_payments.py"
    ),
    ("allocation.csg_deductible_rate", "2005-01-01"): (
        "part déductible de la CSG : détail d'une ligne de paiement (net imposable), hors "
        "situation ; exercée par tests/rules/test_payslip.py"
    ),
    ("allocation.csg_deductible_rate", "2018-01-01"): (
        "part déductible de la CSG (net imposable) : exercée par tests/rules/test_payslip.py"
    ),
    # The follow-up's periods are dates of the ARS's own acts, not of a contract's situation:
    # no YAML case evaluates them; tests/rules/test_followup.py does.
    ("followup.exchange_window_months", "2010-07-02"): (
        "suivi annuel par l'ARS : exercé par tests/rules/test_followup.py"
    ),
    ("followup.absence_reminder_days", "2010-07-02"): (
        "convocation par l'ARS : exercé par tests/rules/test_followup.py"
    ),
    ("followup.formal_notice_days", "2010-07-02"): (
        "mise en demeure avant résiliation : exercé par tests/rules/test_followup.py"
    ),
    ("followup.unjustified_absences", "2010-07-02"): (
        "absences aux convocations : exercé par tests/rules/test_followup.py"
    ),
    ("appeals.contentious_appeal_months", "2010-07-27"): (
        "délai de recours d'une décision sur une demande, pas un chiffre de la situation "
        "d'un contrat ; exercé par tests/requests/test_rules.py"
    ),
    ("requests.wish_window_start", "2010-07-27"): (
        "période de recueil du vœu de 6e année, vérifiée au dépôt d'une demande ; exercé "
        "par tests/requests/test_rules.py"
    ),
    ("requests.wish_window_end", "2010-07-27"): (
        "période de recueil du vœu de 6e année, vérifiée au dépôt d'une demande ; exercé "
        "par tests/requests/test_rules.py"
    ),
}


@dataclass(frozen=True)
class CaseRef:
    """A YAML case, as cited in the docs."""

    file: str
    name: str
    oracle: str


def case_usage() -> tuple[dict[tuple[str, date], list[CaseRef]], dict[str, list[CaseRef]]] | None:
    """(parameter, start) → cases using that value; rule module → cases exercising it."""
    if not CASES_DIR.is_dir():
        return None
    found = load_cases()
    by_value: dict[tuple[str, date], list[CaseRef]] = {}
    by_module: dict[str, list[CaseRef]] = {}
    for case in found:
        ref = CaseRef(case.file, case.name, case.oracle)
        for module in _modules_of_case(case.rule, case.facts):
            by_module.setdefault(module, []).append(ref)
        try:
            outcome = execute(case)
        except ValueError:
            continue
        for key in outcome.parameters():
            by_value.setdefault(key, []).append(ref)
    return by_value, by_module


RULE_OF_CASE = {
    "eligibilite": ("eligibility",),
    "plafond_liste_complementaire": ("commission",),
    "listes_conformes": ("commission",),
    "date_limite_listes": ("commission",),
    "quota_national": ("commission",),
    "delai_offre": ("offers",),
    "cascade_offres": ("offers",),
    "recours_amiable": ("appeals",),
    "gestionnaire": ("authority",),
    "delai_observations": ("recovery",),
    "creancier": ("recovery",),
    "zone": ("zones",),
    "protection_zonage": ("zoning_protection",),
    "aides": ("aids",),
    "echeances": ("deadlines",),
    "cout": ("allocation",),
}
# A situation always goes through these rules; events bring in the others.
SITUATION_MODULES = ("regime", "allocation", "engagement", "status")
MODULES_OF_EVENT = {
    "suspension": "suspensions",
    "third_cycle_suspension_request": "suspensions",
    "practice_suspension": "suspensions",
    "deferral": "deferral",
    "breach": "breach",
}


def _modules_of_case(rule: str, facts: Any) -> list[str]:
    """The rule modules a case exercises: by its rule, and for a situation by its events."""
    if rule != "situation":
        return list(RULE_OF_CASE.get(rule, ()))
    found = list(SITUATION_MODULES)
    for event in facts.get("events") or () if isinstance(facts, dict) else ():
        module = MODULES_OF_EVENT.get(event.get("type")) if isinstance(event, dict) else None
        if module and module not in found:
            found.append(module)
    return found


def module_parameters(module: ModuleType) -> list[str]:
    """Parameters a module reads: dotted names, or prefixes of f-strings, in its source."""
    source = inspect.getsource(module)
    names = sorted(params.all_parameters())
    used = [name for name in names if f'"{name}"' in source]
    for prefix in re.findall(r'f"([a-z_]+\.[a-z_.]*)\{', source):
        used += [name for name in names if name.startswith(prefix) and name not in used]
    return sorted(set(used))


def legifrance_link(reference: params.Reference) -> str:
    """A link for a reference: its URL, a Legifrance id, else a Legifrance search."""
    if reference.url:
        return reference.url
    ident = re.search(r"(LEGIARTI|JORFARTI|JORFTEXT)\d+", reference.legifrance)
    if ident:
        kind = {"LEGIARTI": "codes/article_lc", "JORFARTI": "jorf/article_jo"}.get(
            ident.group(1), "jorf/id"
        )
        return f"{LEGIFRANCE}/{kind}/{ident.group(0)}"
    nor = re.search(r"NOR\s+([A-Z0-9]+)", reference.legifrance)
    query = nor.group(1) if nor else reference.title
    return f"{LEGIFRANCE}/search/all?query={quote_plus(query)}"


def _cell(value: Any) -> str:
    return "—" if value is None else str(value).replace("|", "\\|")


def _cases_list(refs: list[CaseRef] | None, none: str) -> list[str]:
    if refs is None:
        return [f"_{none}_"]
    if not refs:
        return ["_Aucun cas._"]
    unique = list(dict.fromkeys(refs))
    return [f"- `{ref.file}` — {ref.name} ({ref.oracle})" for ref in unique]


def parameter_page(
    parameter: params.Parameter, usage: dict[tuple[str, date], list[CaseRef]] | None
) -> str:
    registry = params.references()
    lines = [
        f"# Paramètre `{parameter.name}`",
        "",
        parameter.description,
        "",
        f"- Unité : {parameter.unit}",
        f"- Date qui sélectionne la valeur : {parameter.selected_by}",
        f"- Fichier : `cesp/rules/parameters/{parameter.path}`",
        "",
        "## Historique",
        "",
        "| du | au | valeur | source | note |",
        "| --- | --- | --- | --- | --- |",
    ]
    for item in parameter.values:
        reference = registry[item.reference]
        link = f"[{reference.citation()}]({legifrance_link(reference)})"
        lines.append(
            f"| {item.start.isoformat()} | {_cell(item.end and item.end.isoformat())} | "
            f"{_cell(json_safe(item.value))} | {_cell(link)} | {_cell(item.note)} |"
        )
    lines += ["", "## Cas qui l'exercent", ""]
    for item in parameter.values:
        key = (parameter.name, item.start)
        exemption = COVERAGE_EXEMPTIONS.get((parameter.name, item.start.isoformat()))
        lines.append(f"### Valeur du {item.start.isoformat()}")
        lines.append("")
        if exemption and not (usage or {}).get(key):
            lines.append(f"_Exemptée : {exemption}_")
        else:
            lines += _cases_list(
                None if usage is None else usage.get(key, []), "cas non disponibles"
            )
        lines.append("")
    return "\n".join(lines)


def rule_page(
    module_name: str, title: str, rules: str, cases: dict[str, list[CaseRef]] | None
) -> str:
    module = importlib.import_module(f"cesp.rules.{module_name}")
    lines = [f"# {title}", "", f"Règles : {rules} — module `cesp.rules.{module_name}`.", ""]
    lines += [inspect.getdoc(module) or "", "", "## Fonctions", ""]
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module.__name__:
            continue
        doc = (inspect.getdoc(function) or "").strip()
        lines += [f"### `{name}{inspect.signature(function)}`", "", doc, ""]
    lines += ["## Paramètres lus", ""]
    used = module_parameters(module)
    lines += [f"- [`{name}`](../parameters/{name}.md)" for name in used] or ["_Aucun._"]
    lines += ["", "## Cas qui l'exercent", ""]
    lines += _cases_list(None if cases is None else cases.get(module_name, []), "non disponibles")
    lines.append("")
    return "\n".join(lines)


def coverage_rows(
    usage: dict[tuple[str, date], list[CaseRef]],
) -> list[tuple[str, str, Any, int, str]]:
    """(parameter, start, value, number of cases, status) for every dated value."""
    rows = []
    for name, parameter in params.all_parameters().items():
        for item in parameter.values:
            count = len(usage.get((name, item.start), []))
            exemption = COVERAGE_EXEMPTIONS.get((name, item.start.isoformat()))
            status = "exercée" if count else ("exemptée : " + exemption if exemption else "NON")
            rows.append((name, item.start.isoformat(), item.value, count, status))
    return rows


def coverage_report(usage: dict[tuple[str, date], list[CaseRef]] | None = None) -> str:
    if usage is None:
        found = case_usage()
        if found is None:
            return "# Couverture des paramètres\n\n_Cas introuvables (paquet installé)._\n"
        usage = found[0]
    rows = coverage_rows(usage)
    covered = sum(1 for row in rows if row[3])
    exempt = sum(1 for row in rows if row[4].startswith("exemptée"))
    lines = [
        "# Couverture des paramètres par les cas",
        "",
        "Chaque valeur datée de chaque paramètre doit être utilisée par au moins un cas de "
        "`tests/rules/cases/` (l'explication du cas cite cette valeur), ou figurer dans la "
        "liste d'exemptions justifiées de `cesp/rules/docs.py`. Régénérer : "
        "`.venv/bin/python -m cesp.rules.docs --coverage docs/rules-coverage.md`.",
        "",
        f"Valeurs datées : {len(rows)} ; exercées : {covered} ; exemptées : {exempt} ; "
        f"non couvertes : {len(rows) - covered - exempt}.",
        "",
        "| paramètre | depuis | valeur | cas | statut |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| `{name}` | {start} | {_cell(json_safe(value))} | {count} | {status} |"
        for name, start, value, count, status in rows
    ]
    return "\n".join(lines) + "\n"


def write_docs(out_dir: Path) -> list[Path]:
    """Write the index, one page per rule module and per parameter, and the coverage."""
    out_dir = Path(out_dir)
    (out_dir / "rules").mkdir(parents=True, exist_ok=True)
    (out_dir / "parameters").mkdir(parents=True, exist_ok=True)
    found = case_usage()
    by_value, by_module = found if found else (None, None)
    written: list[Path] = []

    def write(path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        written.append(path)

    index = [
        "# Le CESP en règles — documentation générée",
        "",
        f"Paramètres : empreinte `{params.parameters_digest()}`.",
        "",
        "## Règles",
        "",
    ]
    for module_name, title, rules in RULE_MODULES:
        try:
            page = rule_page(module_name, title, rules, by_module)
        except ModuleNotFoundError:
            continue
        write(out_dir / "rules" / f"{module_name}.md", page)
        index.append(f"- [{title}](rules/{module_name}.md) — {rules}")
    index += ["", "## Paramètres", ""]
    for name, parameter in params.all_parameters().items():
        write(out_dir / "parameters" / f"{name}.md", parameter_page(parameter, by_value))
        index.append(f"- [`{name}`](parameters/{name}.md) — {parameter.description}")
    index += ["", "## Couverture", "", "- [Couverture des paramètres](coverage.md)", ""]
    write(out_dir / "coverage.md", coverage_report(by_value or {}) if found else coverage_report())
    write(out_dir / "index.md", "\n".join(index))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Documentation des règles du CESP")
    parser.add_argument("out_dir", nargs="?", help="répertoire des pages")
    parser.add_argument("--coverage", type=Path, help="écrire seulement la couverture ici")
    args = parser.parse_args(argv)
    if args.coverage:
        args.coverage.write_text(coverage_report(), encoding="utf-8")
        print(args.coverage)
        return 0
    if not args.out_dir:
        parser.error("indiquer un répertoire ou --coverage FICHIER")
    for path in write_docs(Path(args.out_dir)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
