"""Self-contained HTML report: inline CSS and SVG, no external asset, no script.

Works offline, can be mailed as one file. French, following the study's order.
"""

from __future__ import annotations

from html import escape
from typing import Any

from cesp.observatory import figures, maps
from cesp.observatory.live_view import percent
from cesp.observatory.tables import Table, report_tables
from cesp.rules.vocabulary import profession_in_text

CSS = """
body{font-family:Marianne,Arial,sans-serif;margin:2rem auto;max-width:60rem;color:#161616;
padding:0 1rem}h1{color:#000091;font-size:1.8rem}
h2{color:#000091;border-bottom:2px solid #000091;padding-bottom:.2rem}
table{border-collapse:collapse;margin:1rem 0;width:100%;font-size:.9rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left}th{background:#f5f5fe}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.note{background:#fff4f3;border-left:4px solid #e1000f;padding:.5rem 1rem}
.info{background:#f5f5fe;border-left:4px solid #000091;padding:.5rem 1rem}
.kpis{display:flex;flex-wrap:wrap;gap:1rem}.kpi{border:1px solid #ddd;padding:.7rem;flex:1 1 10rem}
.kpi b{display:block;font-size:1.4rem;color:#000091}figure{margin:1rem 0}
"""


KM_TITLE = "Part installée selon le délai depuis le diplôme (Kaplan–Meier)"


def _cell(value: Any) -> str:
    if value is None:
        return "<td class='num'>—</td>"
    if isinstance(value, float):
        text = f"{value:.4g}" if abs(value) < 1 else f"{value:,.1f}".replace(",", "\u202f")
        return f"<td class='num'>{escape(text.replace('.', ','))}</td>"
    if isinstance(value, int):
        return f"<td class='num'>{value:,}</td>".replace(",", "\u202f")
    return f"<td>{escape(str(value))}</td>"


def table_html(table: Table) -> str:
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in table.headers)
    rows = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in table.rows)
    return (
        f"<table id='table-{table.slug}'><caption>{escape(table.title)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _number(value: Any, unit: str = "") -> str:
    if value is None:
        return "masqué"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",") + unit
    return f"{value}{unit}"


def _kpis(report: dict[str, Any]) -> str:
    inst = report["installations"]
    cost = report["cost"]
    age = report["population"]["age_at_signature"]
    items = [
        ("Profils étudiés", _number(report["flow"]["studied"])),
        ("Âge moyen à la signature", _number(age["mean"], " ans")),
        ("Installations", _number(inst["n"])),
        ("dont dans la région", _number(inst["in_region"])),
        ("Installations rurales (région)", percent(inst["density"]["rural"])),
        (
            "Coût par installation",
            "masqué"
            if cost["cost_per_installation"] is None
            else f"{cost['cost_per_installation']} €",
        ),
    ]
    return (
        "<div class='kpis'>"
        + "".join(f"<div class='kpi'><b>{escape(v)}</b>{escape(k)}</div>" for k, v in items)
        + "</div>"
    )


def render_html(report: dict[str, Any]) -> str:
    meta = report["report"]
    tables = {t.slug: t for t in report_tables(report)}
    privacy = report["privacy"]
    quality = report.get("data_quality")
    parts = [
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<title>Observatoire du CESP – "
        f"{escape(meta['region_name'])}</title><style>{CSS}</style></head><body>",
        f"<h1>Bilan du CESP – {escape(meta['region_name'])} "
        f"({escape(profession_in_text(meta['profession']))})</h1>",
        f"<p class='info'>Source : {escape(meta['source'] or 'données de la plateforme')} ; "
        "date de référence "
        f"{escape(meta['as_of'])} ; définitions : {escape(meta['definitions'])}. "
        "Les valeurs inconnues sont exclues de chaque indicateur, dont l'effectif utilisé "
        "est indiqué.</p>",
        f"<p class='note'>{escape(privacy['note'])}</p>",
        _kpis(report),
        "<h2>Population étudiée</h2>",
        f"<figure>{figures.flow_diagram(report['flow'])}</figure>",
        table_html(tables["flux"]),
        table_html(tables["population"]),
        f"<figure>{figures.signatures_chart(report['population']['signatures_per_year'])}</figure>",
        "<h2>Phase d'avancée du contrat</h2>",
        f"<figure>{figures.phases_chart(report['phases'])}</figure>",
        table_html(tables["phases"]),
        table_html(tables["test_phases"]),
        table_html(tables["specialites"]),
        "<h2>Installations</h2>",
        f"<figure>{figures.delays_chart(report['delays_months'])}</figure>",
        table_html(tables["delais"]),
        f"<figure>{figures.density_chart(report['installations'])}</figure>",
        table_html(tables["densite"]),
        f"<figure>{maps.installations_map(report)}</figure>",
        f"<figure>{maps.installations_map(report, national=True)}</figure>",
        table_html(tables["departements"]),
        "<h2>Coût du CESP</h2>",
        f"<p>Montant mensuel : {escape(report['cost']['amount_source'])}.</p>",
        table_html(tables["couts"]),
        "<h2>Au-delà de l'étude</h2>",
        f"<figure>{figures.step_curve(report['time_to_installation']['curve'], KM_TITLE)}</figure>",
        f"<p>Médiane : {_number(report['time_to_installation']['median_months'], ' mois')} ; "
        f"{_number(report['time_to_installation']['events'])} installations, "
        f"{_number(report['time_to_installation']['censored'])} observations censurées.</p>",
        f"<figure>{figures.breach_chart(report['breach_incidence']['years'])}</figure>",
        table_html(tables["ruptures"]),
        table_html(tables["indicateurs"]),
    ]
    if quality is not None:
        parts.append("<h2>Qualité des données</h2>")
        parts.append(
            f"<p>{_number(quality['rows_read'])} lignes lues, "
            f"{_number(quality['rows_used'])} retenues, "
            f"{_number(quality['rows_set_aside'])} écartées.</p>"
        )
        if quality.get("notes_total"):
            parts.append(
                f"<p>{_number(quality['notes_total'])} code(s) commune ancien(s) remplacé(s) "
                "par le code actuel (COG 2026).</p>"
            )
        if quality["set_aside_by_reason"]:
            reasons = "".join(
                f"<li>{escape(k)} : {_number(v)}</li>"
                for k, v in quality["set_aside_by_reason"].items()
            )
            parts.append(f"<ul>{reasons}</ul>")
        if quality["issues"]:
            issues = "".join(
                f"<li>ligne {i['line']}, colonne {escape(str(i['column']))} : "
                f"{escape(i['message'])}</li>"
                for i in quality["issues"][:50]
            )
            parts.append(
                f"<details><summary>Premiers problèmes</summary><ul>{issues}</ul></details>"
            )
    parts.append("</body></html>")
    return "\n".join(parts)
