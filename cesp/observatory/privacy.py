"""Publication mode: statistical disclosure control of a report (no Django).

reliability.md "Statistics and retention": published tables suppress cells below 11
(the usual French threshold for health data) and the cells that could be recomputed
from totals (secondary suppression). Issue 12 §3: *every* count, wherever it appears.

Rules applied (docs/observatory.md):
- every count of the report is a cell (flow, phases, specialties, group sizes of every
  statistic and of the statistical test, installations, costs, survival, indicators,
  data quality); the cells are tied by the report's additive relations (``_grid``), and
  :mod:`cesp.observatory.disclosure` suppresses counts from 1 to 10 (0 is published)
  and, secondarily, whatever would let a suppressed cell (or a small unpublished
  complement) be recomputed from its row, column, margins or any combination of them;
- a mean or SD is masked when computed on fewer than 11 profiles, or when the size of
  its group is masked and the group is part of a published whole (the means would give
  the size back);
- a share is masked when its denominator is below 11 or masked, when its numerator is
  masked, or when its numerator or complement is from 1 to 10 (it gives the count back);
  a cost per installation when the number of installations is masked;
- the Kaplan–Meier curve is coarsened: a point is published only once 11 events have
  accumulated since the previous one, and only while at least 11 remain at risk; the
  shares installed at 6…60 months are read on that coarsened curve; breach incidences
  are masked at a horizon reached by 1 to 10 breaches since the previous published one.
Suppressed values become ``null`` and their paths are listed under ``privacy``.
"""

from __future__ import annotations

import copy
from typing import Any

from cesp.observatory import geo
from cesp.observatory.disclosure import Grid
from cesp.observatory.indicators import PARTS

THRESHOLD = 11
NOTE = (
    "Mode publication : les effectifs de 1 à 10 et les cellules qui permettraient de les "
    "recalculer à partir des totaux sont masqués (null), ainsi que les moyennes, écarts "
    "types, parts et coûts calculés sur moins de 11 profils ; la courbe de Kaplan–Meier "
    "ne change qu'après au moins 11 événements."
)
Path = tuple[str | int, ...]
# integers of a report that are not counts of people
NOT_COUNTS = frozenset(
    {
        "month",
        "median_months",
        "threshold",
        "suppressed_count",
        "months_financed_installed",
        "months_financed_all",
        "months_financed_studies",
        "alert_days",
    }
)
SKIPPED = frozenset(
    {"parameters", "report", "privacy", "curve", "breaches_by_month", "issues", "notes"}
)  # row-level lists (issues, notes) are removed from a published report


def _get(node: Any, path: Path) -> Any:
    for key in path:
        node = node[key]
    return node


def _set(node: Any, path: Path, value: Any) -> None:
    _get(node, path[:-1])[path[-1]] = value


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class _Builder:
    """The report's counts as cells of a :class:`Grid`, with their relations."""

    def __init__(self, report: dict[str, Any], threshold: int) -> None:
        self.report = report
        self.grid = Grid(threshold)

    def c(self, *path: str | int) -> Path:
        """Register the count at ``path`` (a missing or non-count value is skipped)."""
        try:
            value = _get(self.report, path)
        except (KeyError, IndexError, TypeError):
            return path
        if _is_count(value):
            self.grid.cell(path, value)
        return path

    def each(self, *path: str | int) -> list[Path]:
        node = _get(self.report, path)
        return [self.c(*path, key) for key in node]

    def relate(self, total: Path, parts: list[Path], rest: str | None = None) -> None:
        self.grid.relate(total, parts, rest=None if rest is None else ("~", rest))

    def leftovers(self, node: Any, path: Path) -> None:
        """Any count not registered yet is a cell too (primary suppression at least)."""
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if key in SKIPPED or key in NOT_COUNTS:
                continue
            if isinstance(value, dict | list):
                self.leftovers(value, (*path, key))
            elif _is_count(value) and (*path, key) not in self.grid.values:
                self.grid.cell((*path, key), value)


def _grid(report: dict[str, Any], threshold: int) -> Grid:
    b = _Builder(report, threshold)
    studied = b.c("flow", "studied")
    not_included = report["flow"]["not_included"]
    exits = b.each("flow", "not_included", "profession")
    exits.append(b.c("flow", "not_included", "withdrawn_before_signature"))
    if "profession_unknown" in not_included:
        exits.append(b.c("flow", "not_included", "profession_unknown"))
    excluded = [b.c("flow", "excluded", "deceased"), b.c("flow", "excluded", "without_data")]
    b.relate(b.c("flow", "profiles"), [*exits, *excluded, studied])
    # the flow diagram's "included" box = profiles − not included
    b.relate(
        b.grid.cell(
            ("~", "included"), sum(b.grid.values[k] for k in (*excluded, studied)), virtual=True
        ),
        [*excluded, studied],
    )
    _population(b, studied)
    phases = {p: b.c("phases", p, "n") for p in report["phases"]}
    b.relate(studied, [*phases.values(), b.c("phase_unknown")])
    _phases(b, phases)
    _delays(b, phases)
    _installations(b, phases)
    cost = "cost"
    installed = b.c("installations", "n")
    b.relate(installed, [b.c(cost, "installed_n"), b.c(cost, "installed_missing")])
    b.relate(studied, [b.c(cost, "all_n"), b.c(cost, "all_missing")])
    b.relate(phases["studies"], [b.c(cost, "studies_n"), b.c(cost, "studies_missing")])
    _survival(b, studied, phases)
    _indicators(b)
    if "data_quality" in report:
        q = "data_quality"
        b.relate(b.c(q, "rows_read"), [b.c(q, "rows_used"), b.c(q, "rows_set_aside")])
        b.relate(("data_quality", "rows_set_aside"), b.each(q, "set_aside_by_reason"))
        b.relate(("data_quality", "rows_used"), [("flow", "profiles")])
        b.relate(b.c(q, "issues_total"), [("data_quality", "rows_set_aside")])
    b.leftovers(report, ())
    return b.grid


def _population(b: _Builder, studied: Path) -> None:
    pop = "population"
    for name in ("age_at_signature", "engagement_months"):
        b.relate(studied, [b.c(pop, name, "n"), b.c(pop, name, "missing")])
    bridges = b.c(pop, "bridge_entry", "n")
    entries = b.c(pop, "bridge_entry", "entries")
    origins = b.c(pop, "bridge_origin", "n")
    b.relate(studied, [bridges], rest="bridge_unknown")
    b.relate(bridges, [entries], rest="no_bridge")
    b.relate(entries, [origins], rest="bridge_origin_unknown")
    b.relate(origins, [b.c(pop, "bridge_origin", "health_social")], rest="other_origin")
    b.relate(studied, b.each(pop, "signature_region"), rest="signature_region_unknown")
    b.relate(studied, b.each(pop, "signatures_per_year"), rest="signature_year_unknown")


def _phases(b: _Builder, phases: dict[str, Path]) -> None:
    engagement, missing = [], []
    for phase, n in phases.items():
        block = ("phases", phase)
        engagement.append(b.c(*block, "engagement_months", "n"))
        missing.append(b.c(*block, "engagement_months", "missing"))
        b.relate(n, [engagement[-1], missing[-1]])
        b.relate(n, [*b.each(*block, "specialties"), b.c(*block, "specialty_missing")])
        b.relate(n, [b.c(*block, "planned_region_known"), b.c(*block, "planned_region_missing")])
        # the test's group sizes are the same counts
        b.relate(b.c("phase_engagement_test", "groups", phase), [engagement[-1]])
    b.relate(("population", "engagement_months", "n"), engagement, rest="engagement_no_phase")
    b.relate(("population", "engagement_months", "missing"), missing, rest="missing_no_phase")


def _delays(b: _Builder, phases: dict[str, Path]) -> None:
    for name in b.report["delays_months"]:
        d = ("delays_months", name)
        for group in ("completed", "installed", "all"):
            b.relate(b.c(*d, group, "n"), [b.c(*d, group, "negative")], rest=f"{name}.{group}.pos")
            b.c(*d, group, "missing")
        for group in ("completed", "installed"):
            b.relate(phases[group], [(*d, group, "n"), (*d, group, "missing")])
        for key in ("n", "missing", "negative"):
            b.relate((*d, "all", key), [(*d, "completed", key), (*d, "installed", key)])


def _installations(b: _Builder, phases: dict[str, Path]) -> None:
    i = "installations"
    n, known, in_region = b.c(i, "n"), b.c(i, "commune_known"), b.c(i, "in_region")
    b.relate(n, [phases["completed"], phases["installed"]])
    b.relate(n, [known, b.c(i, "commune_missing")])
    by_phase = b.report[i]["in_region_by_phase"]
    sizes = [b.c(i, "in_region_by_phase", p, "n") for p in by_phase]
    inside = [b.c(i, "in_region_by_phase", p, "in_region") for p in by_phase]
    b.relate(known, sizes)
    b.relate(in_region, inside)
    for phase, size, part in zip(by_phase, sizes, inside, strict=True):
        b.relate(size, [part], rest=f"out_of_region.{phase}")
        b.relate(phases[phase], [size], rest=f"commune_unknown.{phase}")
    b.relate(known, [in_region], rest="out_of_region")
    b.relate(in_region, [b.c(i, "density_n"), b.c(i, "density_missing")])
    b.relate((i, "density_n"), b.each(i, "density_counts"))
    b.relate(known, b.each(i, "by_department"))
    communes = b.each(i, "by_commune_in_region")
    b.relate(in_region, communes)
    by_department: dict[str, list[Path]] = {}
    for path in communes:
        by_department.setdefault(geo.department_of(str(path[-1])) or "?", []).append(path)
    for department, paths in by_department.items():
        b.relate((i, "by_department", department), paths, rest=f"outside.{department}")


def _survival(b: _Builder, studied: Path, phases: dict[str, Path]) -> None:
    km = "time_to_installation"
    events = b.c(km, "events")
    b.relate(b.c(km, "n"), [events, b.c(km, "censored")])
    b.relate(studied, [(km, "n"), *b.each(km, "left_out")])
    b.relate(events, [b.c(km, "installed_before_diploma")], rest="installed_after_diploma")
    breach = "breach_incidence"
    years = b.report[breach]["years"]
    b.relate(studied, [*(b.c(breach, "years", y, "n") for y in years), *b.each(breach, "left_out")])
    breaches = []
    for year in years:
        breaches.append(b.c(breach, "years", year, "breaches"))
        b.relate((breach, "years", year, "n"), [breaches[-1]], rest=f"no_breach.{year}")
    undated = [(breach, "left_out", k) for k in b.report[breach]["left_out"] if "broken" in k]
    b.relate(phases["broken"], [*breaches, *undated], rest="broken_other")


def _indicators(b: _Builder) -> None:
    for index, indicator in enumerate(b.report.get("indicators", [])):
        if not indicator.get("available"):
            continue
        at = ("indicators", index)
        n = b.c(*at, "n")
        for part in PARTS:
            if part in indicator:
                b.relate(n, [b.c(*at, part)], rest=f"indicator.{index}")
        if "delay_days" in indicator:  # the delays are those of the answered, else of all
            whole = (*at, "answered") if "answered" in indicator else n
            b.relate(b.c(*at, "delay_days", "n"), [whole])
        if "outcomes" in indicator:
            b.relate(n, b.each(*at, "outcomes"))
        if "contracts" in indicator:  # watched = paid + waiting + waiting too long
            b.relate(b.c(*at, "contracts"), [n, b.c(*at, "waiting"), b.c(*at, "overdue")])
        changes = indicator.get("by_change") or []
        sizes, told = [], []
        for j in range(len(changes)):
            sizes.append(b.c(*at, "by_change", j, "n"))
            told.append(b.c(*at, "by_change", j, "informed"))
            b.relate(sizes[-1], [told[-1]], rest=f"indicator.{index}.change.{j}")
        if changes:  # the overall count is on (change, signatory) pairs: the sum of the changes
            b.relate(n, sizes)
            b.relate((*at, "informed"), told)


def publication(report: dict[str, Any], threshold: int = THRESHOLD) -> dict[str, Any]:
    """A copy of ``report`` fit for publication, with a ``privacy`` section saying so."""
    out = copy.deepcopy(report)
    grid = _grid(report, threshold)
    suppressed = grid.protect()
    paths = [key for key in grid.values if key in suppressed]
    for path in paths:
        _set(out, path, None)
    masked = [".".join(str(k) for k in path) for path in paths]
    rules = _Statistics(out, report, suppressed, threshold, masked)
    rules.apply()
    if "data_quality" in out:
        out["data_quality"]["issues"] = []
        out["data_quality"]["notes"] = []
    out["privacy"] = {
        "mode": "publication",
        "threshold": threshold,
        "note": NOTE,
        "suppressed": masked,
        "suppressed_count": len(masked),
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


class _Statistics:
    """Means, SDs, shares, costs and survival estimates, masked from their counts."""

    def __init__(self, out, raw, suppressed, threshold: int, masked: list[str]) -> None:
        self.out, self.raw, self.suppressed = out, raw, suppressed
        self.threshold, self.masked = threshold, masked

    def hidden(self, *path: str | int) -> bool:
        return path in self.suppressed

    def small(self, value: int | None) -> bool:
        return value is not None and 0 < value < self.threshold

    def blank(self, *path: str | int) -> None:
        if _get(self.out, path) is not None:
            _set(self.out, path, None)
            self.masked.append(".".join(str(k) for k in path))

    def summary(self, *path: str | int, part: bool) -> None:
        n = _get(self.raw, (*path, "n"))
        if n < self.threshold or (part and self.hidden(*path, "n")):
            self.blank(*path, "mean")
            self.blank(*path, "sd")

    def share(self, share: Path, numerator: int | None, num: Path | None, den: Path) -> None:
        whole = _get(self.raw, den)
        if (
            numerator is None
            or whole < self.threshold
            or self.hidden(*den)
            or (num is not None and self.hidden(*num))
            or self.small(numerator)
            or self.small(whole - numerator)
        ):
            self.blank(*share)

    def apply(self) -> None:
        pop = ("population",)
        self.summary(*pop, "age_at_signature", part=False)
        self.summary(*pop, "engagement_months", part=False)
        bridge, origin = (*pop, "bridge_entry"), (*pop, "bridge_origin")
        entries = _get(self.raw, (*bridge, "entries"))
        self.share((*pop, "bridge_entry_share"), entries, (*bridge, "entries"), (*bridge, "n"))
        health = _get(self.raw, (*origin, "health_social"))
        self.share(
            (*pop, "bridge_health_social_share"), health, (*origin, "health_social"), (*origin, "n")
        )
        for phase, block in self.raw["phases"].items():
            path = ("phases", phase)
            self.summary(*path, "engagement_months", part=True)
            share, known = block["planned_in_region_share"], block["planned_region_known"]
            numerator = None if share is None else round(share * known)
            self.share(
                (*path, "planned_in_region_share"), numerator, None, (*path, "planned_region_known")
            )
        for name, groups in self.raw["delays_months"].items():
            for group in groups:
                self.summary("delays_months", name, group, part=group != "all")
        self._installations()
        self._cost()
        self._km()
        self._breach()
        self._indicators()

    def _installations(self) -> None:
        inst = ("installations",)
        for phase, block in self.raw["installations"]["in_region_by_phase"].items():
            path = (*inst, "in_region_by_phase", phase)
            self.share(
                (*path, "in_region_share"), block["in_region"], (*path, "in_region"), (*path, "n")
            )
        for name, count in self.raw["installations"]["density_counts"].items():
            self.share(
                (*inst, "density", name),
                count,
                (*inst, "density_counts", name),
                (*inst, "density_n"),
            )

    def _cost(self) -> None:
        for prefix, months, amounts in (
            ("installed", "months_financed_installed", ("cost_installed", "cost_per_installation")),
            ("all", "months_financed_all", ("cost_all",)),
            ("studies", "months_financed_studies", ("cost_committed_studies",)),
        ):
            if _get(self.raw, ("cost", f"{prefix}_n")) < self.threshold:
                for key in (months, *amounts):
                    self.blank("cost", key)
        if self.hidden("cost", "installed_n"):
            self.blank("cost", "cost_per_installation")  # cost ÷ it gives the count back

    def _km(self) -> None:
        raw, out = self.raw["time_to_installation"], self.out["time_to_installation"]
        curve: list[dict[str, Any]] = []
        if raw["n"] >= self.threshold and not self.hidden("time_to_installation", "n"):
            accumulated = 0
            for step in raw["curve"]:
                if step["at_risk"] < self.threshold:
                    break
                accumulated += step["events"]
                if accumulated >= self.threshold:
                    curve.append({"month": step["month"], "survival": step["survival"]})
                    accumulated = 0
        if len(curve) != sum(1 for s in raw["curve"] if s["events"]):
            self.masked.append("time_to_installation.curve (regroupée par 11 événements)")
        out["curve"] = curve
        shown = [s["month"] for s in raw["curve"] if s["at_risk"] >= self.threshold]
        for horizon, value in raw["installed_share_by_month"].items():
            if value is None or not curve or not shown or int(horizon) > shown[-1]:
                self.blank("time_to_installation", "installed_share_by_month", horizon)
                continue
            reached = [s["survival"] for s in curve if s["month"] <= int(horizon)]
            out["installed_share_by_month"][horizon] = round(1 - reached[-1], 4) if reached else 0.0
        if raw["n"] < self.threshold or self.hidden("time_to_installation", "n"):
            self.blank("time_to_installation", "median_months")

    def _breach(self) -> None:
        for year, block in self.raw["breach_incidence"]["years"].items():
            path = ("breach_incidence", "years", year)
            out = _get(self.out, path)
            by_month = out.pop("breaches_by_month", None) or {}
            hidden = self.hidden(*path, "n") or self.hidden(*path, "breaches")
            last = 0
            for horizon, value in block["cumulative_incidence"].items():
                since = by_month.get(horizon, 0) - last
                if value is None:
                    continue
                if hidden or block["n"] < self.threshold or self.small(since):
                    self.blank(*path, "cumulative_incidence", horizon)
                else:
                    last = by_month.get(horizon, last)

    def _indicators(self) -> None:
        for index, indicator in enumerate(self.raw.get("indicators", [])):
            if not indicator.get("available"):
                continue
            path = ("indicators", index)
            part = next((k for k in PARTS if k in indicator), None)
            numerator = indicator.get(part) if part else None
            self.share((*path, "value"), numerator, (*path, part) if part else None, (*path, "n"))
            if "delay_days" in indicator:
                self.summary(*path, "delay_days", part=True)
                masked = _get(self.out, (*path, "delay_days")).get("mean") is None
                if masked and "median" in indicator["delay_days"]:
                    self.blank(*path, "delay_days", "median")
            for j, change in enumerate(indicator.get("by_change") or []):
                at = (*path, "by_change", j)
                self.share((*at, "value"), change["informed"], (*at, "informed"), (*at, "n"))
