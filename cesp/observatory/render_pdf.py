"""PDF report with figures (matplotlib, Agg backend, ``PdfPages``), no Django."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from cesp.observatory import maps
from cesp.observatory.tables import GROUP_LABELS, PHASE_LABELS, Table, report_tables
from cesp.rules.vocabulary import profession_in_text

A4 = (8.27, 11.69)
BLUE = "#000091"


def _figure(rows: int = 0, cols: int = 0) -> tuple[Any, Any]:
    """An A4 figure without pyplot (thread-safe: the web export runs in threads)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=A4)
    return fig, (fig.subplots(rows, cols) if rows else None)


def _bars(
    ax: Any, labels: list[str], values: list[float | None], title: str, percent: bool = False
) -> None:
    shown = [0 if v is None else (v * 100 if percent else v) for v in values]
    bars = ax.bar(range(len(labels)), shown, color=BLUE)
    for bar, value in zip(bars, values, strict=True):
        if value is None:
            text = "masqué"
        elif percent:
            text = f"{value * 100:.1f} %"
        else:
            text = f"{value:g}" if float(value).is_integer() else f"{value:.1f}"
        ax.annotate(
            text,
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=7,
        )
    tilt = len(labels) > 4
    ax.set_xticks(
        range(len(labels)),
        labels,
        rotation=40 if tilt else 0,
        ha="right" if tilt else "center",
        fontsize=7,
    )
    ax.set_title(title, fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)


def _flow(ax: Any, flow: dict[str, Any]) -> None:
    ax.axis("off")
    ax.set_title("Diagramme de flux (STROBE)", fontsize=10)

    def n(value: Any) -> str:
        return "< 11" if value is None else str(value)

    box = {"boxstyle": "round", "facecolor": "#f5f5fe", "edgecolor": BLUE}
    ax.text(0.25, 0.9, f"{n(flow['profiles'])} profils initiaux", ha="center", bbox=box, fontsize=9)
    ax.text(0.25, 0.15, f"{n(flow['studied'])} profils étudiés", ha="center", bbox=box, fontsize=9)
    ax.annotate("", (0.25, 0.22), (0.25, 0.85), arrowprops={"arrowstyle": "->"})
    out = [f"{n(v)} {profession_in_text(k)}" for k, v in flow["not_included"]["profession"].items()]
    out.append(f"{n(flow['not_included']['withdrawn_before_signature'])} rétractés avant signature")
    ax.text(
        0.55,
        0.62,
        "Non inclus :\n" + "\n".join(out),
        fontsize=8,
        va="center",
        bbox={"facecolor": "white", "edgecolor": "#666"},
    )
    deceased, without = n(flow["excluded"]["deceased"]), n(flow["excluded"]["without_data"])
    excluded = f"Exclus :\n{deceased} décès\n{without} sans donnée"
    ax.text(
        0.55,
        0.35,
        excluded,
        fontsize=8,
        va="center",
        bbox={"facecolor": "white", "edgecolor": "#666"},
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)


def _table_text(table: Table, limit: int = 60) -> str:
    """The table as fixed-width text (fast to draw, exact to read)."""
    rows = [list(table.headers)] + [
        ["—" if c is None else str(c) for c in row] for row in table.rows[:limit]
    ]
    widths = [min(44, max(len(r[i]) for r in rows)) for i in range(len(table.headers))]
    lines = ["  ".join(cell[:44].ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if len(table.rows) > limit:
        lines.append(f"… {len(table.rows) - limit} lignes de plus dans l'export CSV/XLSX")
    return "\n".join(lines)


def _table_pages(pdf: Any, tables: list[Table]) -> None:
    """Tables stacked on A4 pages, as many as fit."""
    fig, y = None, 0.0
    for table in tables:
        text = _table_text(table)
        height = 0.03 + 0.0115 * (text.count("\n") + 1)
        if fig is None or y - height < 0.03:
            if fig is not None:
                pdf.savefig(fig)
            fig, y = _figure()[0], 0.97
        fig.text(0.05, y, table.title, fontsize=9, weight="bold", va="top")
        fig.text(0.05, y - 0.02, text, fontsize=6.5, family="monospace", va="top")
        y -= height + 0.02
    if fig is not None:
        pdf.savefig(fig)


def _map(ax: Any, report: dict[str, Any]) -> None:
    from matplotlib.collections import PolyCollection

    region = report["parameters"]["region"]
    shapes = maps.commune_geometry(region)
    counts = report["installations"]["by_commune_in_region"]
    title = "Installations par commune (région)"
    if not shapes:
        shapes = {c: s for c, s in maps.department_geometry().items() if len(c) == 2}
        counts = report["installations"]["by_department"]
        title = "Installations par département"
    polygons, colours = [], []
    bounds = maps._bins([v for v in counts.values() if v])
    for code, shape in shapes.items():
        value = counts.get(code, 0)
        colour = maps._colour(value, bounds, not (code in counts and value is None))
        for ring in maps.outer_rings(shape):
            polygons.append(ring)
            colours.append(colour)
    ax.add_collection(
        PolyCollection(polygons, facecolors=colours, edgecolors="white", linewidths=0.1)
    )
    ax.autoscale_view()
    ax.set_aspect(1.4)
    ax.axis("off")
    ax.set_title(title + "\n" + maps.CREDIT, fontsize=8)


def render_pdf(report: dict[str, Any], out: Path | BinaryIO) -> None:
    from matplotlib.backends.backend_pdf import PdfPages

    meta = report["report"]
    with PdfPages(
        out, metadata={"Title": f"Observatoire du CESP – {meta['region_name']}", "Creator": "cesp"}
    ) as pdf:
        fig, axes = _figure(3, 1)
        fig.suptitle(
            f"Bilan du CESP – {meta['region_name']} "
            f"({profession_in_text(meta['profession'])}), au {meta['as_of']}",
            fontsize=12,
        )
        fig.text(0.05, 0.93, report["privacy"]["note"][:160], fontsize=7, wrap=True)
        _flow(axes[0], report["flow"])
        years = report["population"]["signatures_per_year"]
        _bars(axes[1], list(years), list(years.values()), "Signatures par année")
        phases = report["phases"]
        _bars(
            axes[2],
            [PHASE_LABELS[p] for p in phases],
            [b["n"] for b in phases.values()],
            "Phase d'avancée",
        )
        fig.tight_layout(rect=(0, 0, 1, 0.92))
        pdf.savefig(fig)

        fig, axes = _figure(2, 2)
        delays = report["delays_months"]
        labels, values = [], []
        for name, short in (("thesis_to_installation", "thèse"), ("des_to_installation", "DES")):
            for group in ("completed", "installed", "all"):
                labels.append(f"{short} {GROUP_LABELS[group]}")
                values.append(delays[name][group]["mean"])
        _bars(axes[0][0], labels, values, "Délai moyen jusqu'à l'installation (mois)")
        density = report["installations"]["density"]
        _bars(
            axes[0][1],
            ["Rurale", "Petite ville", "Urbaine"],
            [density["rural"], density["small_town"], density["urban"]],
            "Densité (INSEE) des installations dans la région",
            percent=True,
        )
        curve = report["time_to_installation"]["curve"]
        ax = axes[1][0]
        ax.step(
            [s["month"] for s in curve],
            [1 - s["survival"] for s in curve],
            where="post",
            color=BLUE,
        )
        ax.set_ylim(0, 1)
        ax.set_title("Part installée depuis le diplôme (Kaplan–Meier)", fontsize=9)
        ax.set_xlabel("mois", fontsize=8)
        _map(axes[1][1], report)
        fig.tight_layout()
        pdf.savefig(fig)
        _table_pages(pdf, report_tables(report))
