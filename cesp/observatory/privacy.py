"""Publication mode: statistical disclosure control of a report (no Django).

reliability.md "Statistics and retention": published tables suppress cells below 11
(the usual French threshold for health data) and the cells that could be recomputed
from totals (secondary suppression).

Rules applied (docs/observatory.md):
- primary: a count from 1 to 10 is suppressed (0 is published: it reveals nobody);
- secondary: in a table whose total is published, when exactly one cell is suppressed,
  the smallest other non-zero cell is suppressed too;
- a mean, SD, share or cost computed on fewer than 11 profiles is suppressed, and so is
  a share whose numerator or complement is from 1 to 10 (it gives the count back);
- the Kaplan–Meier curve is cut where fewer than 11 remain at risk, and per-step counts
  are removed.
Suppressed values become ``null`` and their paths are listed under ``privacy``.
"""

from __future__ import annotations

import copy
from typing import Any

THRESHOLD = 11
NOTE = (
    "Mode publication : les effectifs de 1 à 10 et les cellules qui permettraient de les "
    "recalculer à partir des totaux sont masqués (null), ainsi que les moyennes, écarts "
    "types, parts et coûts calculés sur moins de 11 profils."
)


class _Suppressor:
    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.paths: list[str] = []

    def small(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and 0 < value < self.threshold

    def blank(self, node: dict[str, Any], key: str, path: str) -> None:
        if node.get(key) is not None:
            node[key] = None
            self.paths.append(f"{path}.{key}" if path else key)

    def table(
        self, node: dict[str, Any], keys: list[str], path: str, total_published: bool = True
    ) -> None:
        """Primary and secondary suppression on the counts ``node[k]`` of one table."""
        primary = [k for k in keys if self.small(node.get(k))]
        for key in primary:
            self.blank(node, key, path)
        if total_published and len(primary) == 1:
            others = [k for k in keys if isinstance(node.get(k), int) and node.get(k, 0) > 0]
            if others:
                self.blank(node, min(others, key=lambda k: (node[k], k)), path)

    def summary(self, node: dict[str, Any] | None, path: str) -> None:
        """``{"n", "mean", "sd"}``: statistics on fewer than the threshold are masked."""
        if not node:
            return
        n = node.get("n")
        if isinstance(n, int) and n < self.threshold:
            for key in ("mean", "sd"):
                self.blank(node, key, path)
            if n > 0:
                self.blank(node, "n", path)

    def share(
        self,
        node: dict[str, Any],
        key: str,
        numerator: int | None,
        denominator: int | None,
        path: str,
    ) -> None:
        if numerator is None or denominator is None:
            self.blank(node, key, path)
            return
        if (
            denominator < self.threshold
            or self.small(numerator)
            or self.small(denominator - numerator)
        ):
            self.blank(node, key, path)


def publication(report: dict[str, Any], threshold: int = THRESHOLD) -> dict[str, Any]:
    """A copy of ``report`` fit for publication, with a ``privacy`` section saying so."""
    out = copy.deepcopy(report)
    s = _Suppressor(threshold)
    _flow(s, out["flow"])
    _population(s, out["population"])
    _phases(s, out["phases"])
    _delays(s, out["delays_months"])
    _installations(s, out["installations"])
    _cost(s, out["cost"])
    _survival(s, out.get("time_to_installation"), out.get("breach_incidence"))
    if "data_quality" in out:
        out["data_quality"]["issues"] = []
    out["privacy"] = {
        "mode": "publication",
        "threshold": threshold,
        "note": NOTE,
        "suppressed": s.paths,
        "suppressed_count": len(s.paths),
    }
    return out


def raw_privacy_section() -> dict[str, Any]:
    return {
        "mode": "internal",
        "threshold": None,
        "note": "Mode interne : aucun masquage ; ne pas publier en l'état.",
        "suppressed": [],
        "suppressed_count": 0,
    }


def _flow(s: _Suppressor, flow: dict[str, Any]) -> None:
    professions = flow["not_included"]["profession"]
    cells = [("not_included.profession", professions, k) for k in professions]
    cells += [
        ("not_included", flow["not_included"], "withdrawn_before_signature"),
        ("excluded", flow["excluded"], "deceased"),
        ("excluded", flow["excluded"], "without_data"),
        ("", flow, "studied"),
    ]
    if "profession_unknown" in flow["not_included"]:
        cells.append(("not_included", flow["not_included"], "profession_unknown"))
    # One table spread over several dicts: flatten, suppress, write back.
    flat = {f"{p}.{k}": node[k] for p, node, k in cells}
    s.table(flat, list(flat), "flow")
    for p, node, k in cells:
        if flat[f"{p}.{k}"] is None:
            node[k] = None
    if s.small(flow["profiles"]):
        s.blank(flow, "profiles", "flow")


def _population(s: _Suppressor, pop: dict[str, Any]) -> None:
    s.summary(pop["age_at_signature"], "population.age_at_signature")
    s.summary(pop["engagement_months"], "population.engagement_months")
    bridge = pop["bridge_entry"]
    s.share(pop, "bridge_entry_share", bridge["entries"], bridge["n"], "population")
    origin = pop["bridge_origin"]
    s.share(pop, "bridge_health_social_share", origin["health_social"], origin["n"], "population")
    s.table(bridge, ["entries"], "population.bridge_entry", total_published=False)
    s.table(origin, ["health_social"], "population.bridge_origin", total_published=False)
    for key in ("signature_region", "signatures_per_year"):
        s.table(pop[key], list(pop[key]), f"population.{key}")


def _blank_all(s: _Suppressor, node: dict[str, Any], path: str) -> None:
    """Every number under ``node`` (its count is masked: nothing may give it back)."""
    for key, value in node.items():
        if isinstance(value, dict):
            _blank_all(s, value, f"{path}.{key}")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            s.blank(node, key, path)


def _phases(s: _Suppressor, phases: dict[str, Any]) -> None:
    counts = {phase: block["n"] for phase, block in phases.items()}
    s.table(counts, list(counts), "phases.n")
    for phase, block in phases.items():
        path = f"phases.{phase}"
        if counts[phase] is None:
            block["n"] = None
            _blank_all(s, block, path)
            block["specialties"] = {}
            continue
        planned_known = block["planned_region_known"]
        share = block["planned_in_region_share"]
        numerator = None if share is None else round(share * planned_known)
        s.share(block, "planned_in_region_share", numerator, planned_known, path)
        s.summary(block["engagement_months"], f"{path}.engagement_months")
        s.table(block["specialties"], list(block["specialties"]), f"{path}.specialties")
        for key in ("planned_region_known", "planned_region_missing", "specialty_missing"):
            if s.small(block.get(key)):
                s.blank(block, key, path)


def _delays(s: _Suppressor, delays: dict[str, Any]) -> None:
    for name, groups in delays.items():
        for key, summary in groups.items():
            path = f"delays_months.{name}.{key}"
            s.summary(summary, path)
            for extra in ("missing", "negative"):
                if s.small(summary.get(extra)):
                    s.blank(summary, extra, path)
        # completed + installed = all: a lone masked group would be all − the other.
        sizes = {key: groups[key]["n"] for key in ("completed", "installed")}
        if (sizes["completed"] is None) != (sizes["installed"] is None) and groups["all"]["n"]:
            kept = "installed" if sizes["completed"] is None else "completed"
            s.blank(groups[kept], "n", f"delays_months.{name}.{kept}")


def _installations(s: _Suppressor, inst: dict[str, Any]) -> None:
    counts = inst["density_counts"]
    s.table(counts, list(counts), "installations.density_counts")
    for name in counts:
        if counts[name] is None or inst["density_n"] < s.threshold:
            s.blank(inst["density"], name, "installations.density")
    by_phase = inst["in_region_by_phase"]
    for phase, block in by_phase.items():
        path = f"installations.in_region_by_phase.{phase}"
        s.share(block, "in_region_share", block["in_region"], block["n"], path)
    for key in ("n", "in_region"):
        cells = {phase: block[key] for phase, block in by_phase.items()}
        s.table(cells, list(cells), f"installations.in_region_by_phase.*.{key}")
        for phase, value in cells.items():
            if value is None:
                by_phase[phase][key] = None
                s.blank(
                    by_phase[phase], "in_region_share", f"installations.in_region_by_phase.{phase}"
                )
    for key in ("by_department", "by_commune_in_region"):
        s.table(inst[key], list(inst[key]), f"installations.{key}")
    for key in (
        "n",
        "in_region",
        "commune_known",
        "commune_missing",
        "density_n",
        "density_missing",
    ):
        if s.small(inst.get(key)):
            s.blank(inst, key, "installations")


def _cost(s: _Suppressor, cost: dict[str, Any]) -> None:
    for prefix, months_key, cost_keys in (
        ("installed", "months_financed_installed", ("cost_installed", "cost_per_installation")),
        ("all", "months_financed_all", ("cost_all",)),
        ("studies", "months_financed_studies", ("cost_committed_studies",)),
    ):
        n = cost.get(f"{prefix}_n")
        if isinstance(n, int) and n < s.threshold:
            for key in (months_key, *cost_keys):
                s.blank(cost, key, "cost")
            if n > 0:
                s.blank(cost, f"{prefix}_n", "cost")


def _survival(s: _Suppressor, km: dict[str, Any] | None, breach: dict[str, Any] | None) -> None:
    if km:
        kept = [step for step in km["curve"] if step["at_risk"] >= s.threshold]
        if len(kept) != len(km["curve"]):
            s.paths.append("time_to_installation.curve (coupée sous 11 à risque)")
        last = kept[-1]["month"] if kept else -1
        km["curve"] = [{"month": st["month"], "survival": st["survival"]} for st in kept]
        for horizon in list(km["installed_share_by_month"]):
            if int(horizon) > last:
                s.blank(
                    km["installed_share_by_month"],
                    horizon,
                    "time_to_installation.installed_share_by_month",
                )
        if km["n"] < s.threshold:
            s.blank(km, "median_months", "time_to_installation")
        for key in ("n", "events", "censored", "installed_before_diploma"):
            if s.small(km.get(key)):
                s.blank(km, key, "time_to_installation")
        km["left_out"] = {k: (None if s.small(v) else v) for k, v in km["left_out"].items()}
    if breach:
        for year, block in breach["years"].items():
            path = f"breach_incidence.years.{year}"
            if s.small(block["n"]) or s.small(block["breaches"]):
                for horizon in block["cumulative_incidence"]:
                    s.blank(block["cumulative_incidence"], horizon, f"{path}.cumulative_incidence")
            for key in ("n", "breaches"):
                if s.small(block.get(key)):
                    s.blank(block, key, path)
        breach["left_out"] = {k: (None if s.small(v) else v) for k, v in breach["left_out"].items()}
