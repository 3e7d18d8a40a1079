"""The report as tables (French headings): for the HTML report, the dashboard and the
CSV/XLSX exports. No Django. A ``None`` cell is unknown or masked (publication mode).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from cesp.observatory import geo
from cesp.rules.vocabulary import profession_in_text, specialty_label

PHASE_LABELS = {
    "completed": "Contrat terminé",
    "installed": "Installation en cours",
    "studies": "En études",
    "broken": "Contrat rompu",
}
GROUP_LABELS = {"completed": "Contrat terminé", "installed": "Installation", "all": "Cumul"}
DELAY_LABELS = {
    "thesis_to_installation": "Délai thèse → installation (mois)",
    "des_to_installation": "Délai fin du DES → installation (mois)",
}


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]

    def csv_text(self) -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.headers)
        writer.writerows([["" if c is None else c for c in row] for row in self.rows])
        return buffer.getvalue()


def report_tables(report: dict[str, Any]) -> list[Table]:
    flow = report["flow"]
    tables = [
        Table(
            "flux",
            "Diagramme de flux (STROBE)",
            ("Étape", "Effectif"),
            (
                ("Profils dans les données initiales", flow["profiles"]),
                *(
                    (f"Non inclus : {profession_in_text(name)}", count)
                    for name, count in flow["not_included"]["profession"].items()
                ),
                (
                    "Non inclus : rétractés avant signature",
                    flow["not_included"]["withdrawn_before_signature"],
                ),
                ("Exclus : décès", flow["excluded"]["deceased"]),
                ("Exclus : profil sans donnée", flow["excluded"]["without_data"]),
                ("Profils étudiés", flow["studied"]),
            ),
        )
    ]
    pop = report["population"]
    age = pop["age_at_signature"]
    tables.append(
        Table(
            "population",
            "Profil de la population",
            ("Indicateur", "Effectif utilisé", "Valeur", "Écart type"),
            (
                ("Âge à la signature (années révolues)", age["n"], age["mean"], age["sd"]),
                (
                    "Part d'étudiants passerelles",
                    pop["bridge_entry"]["n"],
                    pop["bridge_entry_share"],
                    None,
                ),
                (
                    "dont issus du secteur santé-social",
                    pop["bridge_origin"]["n"],
                    pop["bridge_health_social_share"],
                    None,
                ),
                (
                    "Durée d'engagement (mois)",
                    pop["engagement_months"]["n"],
                    pop["engagement_months"]["mean"],
                    pop["engagement_months"]["sd"],
                ),
            ),
        )
    )
    tables.append(
        Table(
            "signatures",
            "Signatures par année",
            ("Année", "Signatures"),
            tuple(pop["signatures_per_year"].items()),
        )
    )
    phases = report["phases"]
    tables.append(
        Table(
            "phases",
            "Phase d'avancée du contrat",
            (
                "Phase",
                "Effectif",
                "Engagement moyen (mois)",
                "Écart type",
                "Part projetant de s'installer dans la région",
                "Projet connu",
            ),
            tuple(
                (
                    PHASE_LABELS[p],
                    b["n"],
                    b["engagement_months"]["mean"],
                    b["engagement_months"]["sd"],
                    b["planned_in_region_share"],
                    b["planned_region_known"],
                )
                for p, b in phases.items()
            ),
        )
    )
    tables.append(
        Table(
            "specialites",
            "Spécialités par phase",
            ("Phase", "Spécialité", "Effectif"),
            tuple(
                (PHASE_LABELS[p], specialty_label(s), n)
                for p, b in phases.items()
                for s, n in b["specialties"].items()
            ),
        )
    )
    test = report["phase_engagement_test"]
    tables.append(
        Table(
            "test_phases",
            "Comparaison de la durée d'engagement entre phases",
            ("Test", "Statistique", "p"),
            (
                ("Kruskal–Wallis", test["statistic"], test["p_value"]),
                ("ANOVA à un facteur", test["anova"]["statistic"], test["anova"]["p_value"]),
            ),
        )
    )
    tables.append(
        Table(
            "delais",
            "Délais d'installation",
            ("Délai", "Groupe", "Effectif", "Moyenne (mois)", "Écart type"),
            tuple(
                (DELAY_LABELS[name], GROUP_LABELS[g], s["n"], s["mean"], s["sd"])
                for name, groups in report["delays_months"].items()
                for g, s in groups.items()
            ),
        )
    )
    inst = report["installations"]
    tables.append(
        Table(
            "densite",
            "Densité de la commune d'installation (grille INSEE), installations dans la région",
            ("Classe", "Effectif", "Part"),
            tuple(
                (geo.DENSITY_CLASS_LABELS[k], inst["density_counts"][k], inst["density"][k])
                for k in ("rural", "small_town", "urban")
            ),
        )
    )
    tables.append(
        Table(
            "departements",
            "Installations par département",
            ("Département", "Nom", "Installations"),
            tuple(
                (code, geo.department_name(code), n) for code, n in inst["by_department"].items()
            ),
        )
    )
    cost = report["cost"]
    tables.append(
        Table(
            "couts",
            "Coût du CESP (mois financés × allocation mensuelle brute)",
            ("Poste", "Contrats", "Mois financés", "Coût (€)"),
            (
                (
                    "Contrats terminés et avec installation",
                    cost["installed_n"],
                    cost["months_financed_installed"],
                    cost["cost_installed"],
                ),
                ("Coût par installation", cost["installed_n"], None, cost["cost_per_installation"]),
                (
                    "Engagé pour les signataires en études",
                    cost["studies_n"],
                    cost["months_financed_studies"],
                    cost["cost_committed_studies"],
                ),
                (
                    "Ensemble des contrats étudiés",
                    cost["all_n"],
                    cost["months_financed_all"],
                    cost["cost_all"],
                ),
            ),
        )
    )
    km = report["time_to_installation"]
    tables.append(
        Table(
            "kaplan_meier",
            "Délai diplôme → installation (Kaplan–Meier)",
            ("Mois", "Part installée"),
            tuple(
                (
                    step["month"],
                    None if step["survival"] is None else round(1 - step["survival"], 4),
                )
                for step in km["curve"]
            ),
        )
    )
    breach = report["breach_incidence"]["years"]
    tables.append(
        Table(
            "ruptures",
            "Incidence cumulée des ruptures par année de signature",
            (
                "Année",
                "Signataires",
                "Ruptures",
                "à 12 mois",
                "à 24 mois",
                "à 36 mois",
                "à 60 mois",
            ),
            tuple(
                (
                    year,
                    b["n"],
                    b["breaches"],
                    *(b["cumulative_incidence"][h] for h in ("12", "24", "36", "60")),
                )
                for year, b in breach.items()
            ),
        )
    )
    tables.append(
        Table(
            "indicateurs",
            "Indicateurs de suivi en continu",
            ("Indicateur", "Disponible", "Valeur", "Effectif", "Détail ou pourquoi"),
            tuple(row for i in report["indicators"] for row in indicator_rows(i)),
        )
    )
    return tables


#: The numerator of each indicator's share, in words (``indicators.py``).
PART_LABELS = {
    "seen": "vus",
    "late": "en retard",
    "informed": "informés",
    "named": "avec référent",
    "answered": "avec réponse",
    "within": "payés dans le délai cible",
}
OUTCOME_LABELS = {
    "signed": "Offres signées",
    "countersigned": "Offres contresignées",
    "declined": "Offres refusées",
    "lapsed": "Offres caduques (délai dépassé)",
    "withdrawn": "Offres retirées",
    "pending": "Offres en cours",
}


def _fr_date(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y")


def _masked(value: Any) -> Any:
    return "masqué" if value is None else value


def indicator_rows(indicator: dict[str, Any]) -> list[tuple[Any, ...]]:
    """One row per indicator, then one per zoning change, offer outcome or delay figure;
    an unavailable indicator says why."""
    if not indicator["available"]:
        return [(indicator["label"], "non", None, None, indicator.get("why", ""))]
    part = next((k for k in PART_LABELS if k in indicator), None)
    detail = f"{PART_LABELS[part]} : {_masked(indicator[part])}" if part else ""
    rows: list[tuple[Any, ...]] = [
        (indicator["label"], "oui", indicator["value"], indicator["n"], detail)
    ]
    delays = indicator.get("delay_days")
    if delays:
        for key, words in (("mean", "moyenne"), ("sd", "écart type"), ("median", "médiane")):
            if key in delays:
                rows.append((f"— délai en jours : {words}", "oui", delays[key], delays["n"], ""))
    for change in indicator.get("by_change") or []:
        rows.append(
            (
                f"— {change['label']}, en vigueur le {_fr_date(change['valid_from'])}",
                "oui",
                change["value"],
                change["n"],
                f"informés : {_masked(change['informed'])}",
            )
        )
    if "contracts" in indicator:
        rows.append(("— contrats suivis", "oui", None, indicator["contracts"], ""))
        rows.append(("— en attente, dans le délai", "oui", None, indicator["waiting"], ""))
        rows.append(
            (
                f"— en attente depuis {indicator['alert_days']} jours ou plus",
                "oui",
                None,
                indicator["overdue"],
                "",
            )
        )
    for key, count in (indicator.get("outcomes") or {}).items():
        rows.append((f"— {OUTCOME_LABELS.get(key, key)}", "oui", None, count, ""))
    return rows


def write_csv_dir(tables: list[Table], directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in tables:
        path = directory / f"{table.slug}.csv"
        path.write_text(table.csv_text(), encoding="utf-8")
        paths.append(path)
    return paths


def xlsx_bytes(tables: list[Table]) -> bytes:
    """One sheet per table (openpyxl, write-only)."""
    workbook = Workbook(write_only=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table.slug[:31])
        sheet.append([table.title])
        sheet.append(list(table.headers))
        for row in table.rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
