"""Property tests: any file of plausible and implausible cells is read without crash,
and the analysis keeps its invariants (flow adds up, shares in [0, 1], n ≤ population)."""

import csv
import io
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.observatory.analysis import analyse
from cesp.observatory.cohort import COLUMNS, read_cohort_text
from cesp.observatory.privacy import publication

DATES = st.one_of(
    st.dates(date(1960, 1, 1), date(2030, 12, 31)).map(date.isoformat),
    st.sampled_from(["", "2023-02-30", "2023-13-01", "20230101", "٢٠٢٣-٠١-٠١", "2023-1-1"]),
)
CELLS = {
    "profile_id": st.sampled_from(["A", "B", "C", "D", "E", "F", " ", ""]),
    "profession": st.sampled_from(["medecine", "medecine", "odontologie", "", "Medecine"]),
    "status": st.sampled_from(["signed", "withdrawn_before_signature", "", "x"]),
    "deceased": st.sampled_from(["0", "1", "", "2"]),
    "bridge_entry": st.sampled_from(["0", "1", ""]),
    "bridge_origin": st.sampled_from(["health_social", "other", "", "?"]),
    "signature_region": st.sampled_from(["76", "11", "", "99"]),
    "planned_region": st.sampled_from(["76", "11", "", "7"]),
    "phase": st.sampled_from(["completed", "installed", "studies", "broken", "", "done"]),
    "specialty": st.sampled_from(["medecine_generale", "psychiatrie", "", "Médecine générale"]),
    "allocation_months": st.sampled_from(["0", "12", "60", "", "-1", "1e3", "٣"]),
    "engagement_months": st.sampled_from(["24", "60", "", "700"]),
    "installation_commune": st.sampled_from(["48095", "09001", "75056", "", "99999", "2A004"]),
}


def _cell(name: str):
    return CELLS.get(name, DATES)


ROWS = st.lists(st.tuples(*(_cell(name) for name in COLUMNS)), max_size=25)


def _text(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


@settings(max_examples=60, deadline=None)
@given(ROWS)
def test_reader_and_analysis_invariants(rows):
    cohort = read_cohort_text(_text(rows))
    assert len(cohort.rows) + sum(cohort.set_aside.values()) == cohort.rows_read == len(rows)
    assert len({r.profile_id for r in cohort.rows}) == len(cohort.rows)
    report = analyse(cohort.rows, as_of=date(2025, 1, 1))
    flow = report["flow"]
    not_included = sum(flow["not_included"]["profession"].values())
    not_included += flow["not_included"]["withdrawn_before_signature"]
    not_included += flow["not_included"].get("profession_unknown", 0)
    excluded = flow["excluded"]["deceased"] + flow["excluded"]["without_data"]
    assert flow["profiles"] == not_included + excluded + flow["studied"]
    assert (
        sum(block["n"] for block in report["phases"].values()) + report["phase_unknown"]
        == flow["studied"]
    )
    for value in (
        report["population"]["bridge_entry_share"],
        *report["installations"]["density"].values(),
        *(b["planned_in_region_share"] for b in report["phases"].values()),
    ):
        assert value is None or 0 <= value <= 1
    published = publication(report)
    for count in published["phases"].values():
        assert count["n"] is None or count["n"] == 0 or count["n"] >= 11


# --- Publication mode over random cohorts (issue 12 §3) ------------------------------

NOT_COUNTS = {
    "month",
    "median_months",
    "threshold",
    "suppressed_count",
    "months_financed_installed",
    "months_financed_all",
    "months_financed_studies",
}


def _counts(node, path=()):
    """Every integer of a report that counts people (or payments), with its path."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if key in ("parameters", "report") or key in NOT_COUNTS:
            continue
        if isinstance(value, dict | list):
            yield from _counts(value, (*path, key))
        elif isinstance(value, int) and not isinstance(value, bool):
            yield (*path, key), value


def _at(report, path):
    for key in path:
        report = report[key]
    return report


def _tables(r):
    """The report's rows, columns and margins, written here independently of
    privacy.py: (total, parts) such that total = sum(parts)."""

    def keys(*path):
        return [(*path, k) for k in _at(r, path)]

    studied, phases = ("flow", "studied"), list(r["phases"])
    ni = ("flow", "not_included")
    exits = [*keys(*ni, "profession"), (*ni, "withdrawn_before_signature")]
    if "profession_unknown" in r["flow"]["not_included"]:
        exits.append((*ni, "profession_unknown"))
    exits += [("flow", "excluded", "deceased"), ("flow", "excluded", "without_data")]
    out = [
        (("flow", "profiles"), [*exits, studied]),
        (studied, [*(("phases", p, "n") for p in phases), ("phase_unknown",)]),
    ]
    for name in ("age_at_signature", "engagement_months"):
        out.append((studied, [("population", name, "n"), ("population", name, "missing")]))
    for p in phases:
        n, e = ("phases", p, "n"), ("phases", p, "engagement_months")
        out += [
            (n, [*keys("phases", p, "specialties"), ("phases", p, "specialty_missing")]),
            (n, [("phases", p, "planned_region_known"), ("phases", p, "planned_region_missing")]),
            (n, [(*e, "n"), (*e, "missing")]),
            (("phase_engagement_test", "groups", p), [(*e, "n")]),
        ]
    i, bp = "installations", ("installations", "in_region_by_phase")
    out += [
        ((i, "n"), [("phases", "completed", "n"), ("phases", "installed", "n")]),
        ((i, "n"), [(i, "commune_known"), (i, "commune_missing")]),
        ((i, "commune_known"), [(*bp, p, "n") for p in r[i]["in_region_by_phase"]]),
        ((i, "in_region"), [(*bp, p, "in_region") for p in r[i]["in_region_by_phase"]]),
        ((i, "in_region"), [(i, "density_n"), (i, "density_missing")]),
        ((i, "density_n"), keys(i, "density_counts")),
        ((i, "commune_known"), keys(i, "by_department")),
        ((i, "in_region"), keys(i, "by_commune_in_region")),
    ]
    for name in r["delays_months"]:
        d = ("delays_months", name)
        for g in ("completed", "installed"):
            out.append((("phases", g, "n"), [(*d, g, "n"), (*d, g, "missing")]))
        for key in ("n", "missing", "negative"):
            out.append(((*d, "all", key), [(*d, "completed", key), (*d, "installed", key)]))
    c, km, br = "cost", "time_to_installation", "breach_incidence"
    out += [
        ((i, "n"), [(c, "installed_n"), (c, "installed_missing")]),
        (studied, [(c, "all_n"), (c, "all_missing")]),
        (("phases", "studies", "n"), [(c, "studies_n"), (c, "studies_missing")]),
        ((km, "n"), [(km, "events"), (km, "censored")]),
        (studied, [(km, "n"), *keys(km, "left_out")]),
        (studied, [*((br, "years", y, "n") for y in r[br]["years"]), *keys(br, "left_out")]),
    ]
    if "data_quality" in r:
        q = "data_quality"
        out += [
            ((q, "rows_read"), [(q, "rows_used"), (q, "rows_set_aside")]),
            ((q, "rows_set_aside"), keys(q, "set_aside_by_reason")),
            ((q, "rows_used"), [("flow", "profiles")]),
        ]
    return out


COHORTS = st.tuples(
    st.integers(0, 400),  # profiles
    st.integers(0, 10_000),  # seed
    st.sampled_from(["76", "76", "11", "53"]),  # region of the synthetic cohort
    st.sampled_from(["76", None]),  # report region (None: national view)
    st.sampled_from(["medecine", "medecine", "odontologie"]),
    st.lists(st.tuples(st.integers(0, 30), st.integers(-5, 120)), max_size=40),  # payments
)


@settings(max_examples=40, deadline=None)
@given(COHORTS, ROWS)
def test_publication_never_shows_or_gives_back_a_count_below_11(params, messy):
    from datetime import timedelta

    from cesp.observatory.indicators import PlatformFacts
    from cesp.observatory.report import build_report
    from cesp.observatory.synth import write_synthetic

    profiles, seed, synth_region, region, profession, payments = params
    buffer = io.StringIO()
    write_synthetic(buffer, profiles, seed=seed, region=synth_region)
    text = buffer.getvalue() + _text(messy).split("\r\n", 1)[1].replace("\r\n", "\n")
    cohort = read_cohort_text(text)
    facts = PlatformFacts(
        payments=[
            (date(2022, 1 + m % 12, 1), date(2022, 1 + m % 12, 1) + timedelta(days=d))
            for m, d in payments
        ]
        or None
    )
    raw = build_report(
        cohort.rows, region=region, profession=profession, as_of=date(2023, 9, 30),
        cohort=cohort, facts=facts,
    )  # fmt: skip
    published = publication(raw)

    shown = {path: value for path, value in _counts(published)}
    assert not {path: v for path, v in shown.items() if 1 <= v <= 10}
    for total, parts in _tables(raw):
        assert _at(raw, total) == sum(_at(raw, p) for p in parts), total
        masked = [t for t in (total, *parts) if _at(published, t) is None]
        # one masked term in a row, column or margin: it would be recomputed by subtraction
        assert len(masked) != 1, (total, masked)
        if masked and _at(published, total) is not None:
            assert not 1 <= sum(_at(raw, t) for t in masked) <= 10, (total, masked)
    assert published["privacy"]["suppressed_count"] == len(published["privacy"]["suppressed"])
