"""Publication mode: primary suppression below 11, secondary suppression over every
relation of the report, and the statistics that would give a masked count back."""

import io
from datetime import date
from pathlib import Path

from cesp.observatory.analysis import analyse
from cesp.observatory.cohort import read_cohort, read_cohort_text
from cesp.observatory.disclosure import Grid
from cesp.observatory.indicators import PlatformFacts, live_indicators
from cesp.observatory.privacy import publication
from cesp.observatory.synth import write_synthetic

HAND = Path(__file__).parent / "data" / "hand_cohort.csv"


def _table(values: dict[str, int], total: int | None = None) -> set[str]:
    grid = Grid(11)
    parts = [grid.cell(k, v) for k, v in values.items()]
    grid.relate(grid.cell("total", sum(values.values()) if total is None else total), parts)
    return grid.protect()


def test_secondary_suppression_hides_the_cell_a_total_would_give_back():
    # total 60 = 30 + 25 + 5: hiding only 5 lets anyone compute it as 60 − 30 − 25,
    # so the smallest other cell (25) goes too; 0 stays published.
    assert _table({"a": 30, "b": 25, "c": 5, "d": 0}) == {"b", "c"}


def test_two_small_cells_whose_sum_is_small_take_a_third_one():
    # 4 + 5 = 9 would be published as "total − 30": a group of 9 is a small count too.
    assert _table({"a": 30, "b": 4, "c": 5, "e": 20}) == {"b", "c", "e"}
    assert _table({"a": 30, "b": 6, "c": 5}) == {"b", "c"}  # 11: nothing more


def test_a_small_total_is_masked_and_its_only_part_with_it():
    assert _table({"a": 7, "b": 0}) == {"a", "total"}


def test_rank_test_catches_a_cell_given_back_by_two_tables_together():
    # rows r1 = a + b, r2 = c + d; columns k1 = a + c, k2 = b + d; grand total g.
    # Suppressing a and b alone leaves them determined by the columns (a = k1 − c).
    grid = Grid(11)
    cells = {"a": 3, "b": 40, "c": 50, "d": 60}
    for key, value in cells.items():
        grid.cell(key, value)
    for total, parts in (("r1", "ab"), ("r2", "cd"), ("k1", "ac"), ("k2", "bd")):
        grid.cell(total, sum(cells[p] for p in parts))
        grid.relate(total, list(parts))
    suppressed = grid.protect()
    # every row and column holds two suppressed cells or none
    for parts in ("ab", "cd", "ac", "bd"):
        assert sum(p in suppressed for p in parts) in (0, 2)
    assert "a" in suppressed


def test_a_small_complement_is_protected_too():
    # 50 with a bridge entry out of 55 known: 55 − 50 = 5 without one, a small count.
    grid = Grid(11)
    grid.cell("known", 55)
    grid.cell("entries", 50)
    grid.relate("known", ["entries"], rest="none")
    assert grid.protect() == {"entries"}


def test_publication_of_the_hand_cohort_masks_small_figures_and_says_so():
    cohort = read_cohort(HAND, strict=True)
    report = analyse(cohort.rows, as_of=date(2025, 1, 1))
    published = publication(report)
    privacy = published["privacy"]
    assert privacy["mode"] == "publication" and privacy["threshold"] == 11
    assert "masqués" in privacy["note"]
    assert published["phases"]["installed"]["n"] is None
    assert published["phases"]["installed"]["engagement_months"]["mean"] is None
    assert published["population"]["age_at_signature"]["mean"] is None  # n = 10
    assert published["installations"]["density"]["rural"] is None
    assert published["cost"]["cost_installed"] is None
    assert "phases.installed.n" in privacy["suppressed"]
    # the statistical test's group sizes are counts too
    assert set(published["phase_engagement_test"]["groups"].values()) <= {None, 0}
    # the original is untouched
    assert report["phases"]["installed"]["n"] == 4


def _synth(profiles: int, seed: int) -> dict:
    buffer = io.StringIO()
    write_synthetic(buffer, profiles, seed=seed)
    rows = read_cohort_text(buffer.getvalue(), strict=True).rows
    return analyse(rows, as_of=date(2023, 9, 30))


def test_no_masked_count_can_be_recovered_from_published_subtotals():
    published = publication(_synth(560, 1))
    masked = [k for k in ("completed", "installed") if published["phases"][k]["n"] is None]
    assert masked  # seed 1 has fewer than 11 completed contracts
    for groups in published["delays_months"].values():
        sizes = [groups[k]["n"] is None for k in ("completed", "installed")]
        assert sizes.count(True) != 1 or groups["all"]["n"] is None
        for key in ("completed", "installed"):  # a masked group size has no mean
            assert groups[key]["n"] is not None or groups[key]["mean"] is None
    by_phase = published["installations"]["in_region_by_phase"]
    assert [b["n"] is None for b in by_phase.values()].count(True) != 1
    for block in published["phases"].values():
        if block["n"] is None:
            assert block["engagement_months"]["mean"] is None


def test_kaplan_meier_is_coarsened_to_steps_of_eleven_events():
    report = _synth(2000, 4)
    raw = report["time_to_installation"]
    published = publication(report)["time_to_installation"]
    assert published["curve"] and len(published["curve"]) < len(raw["curve"])
    assert all(set(step) == {"month", "survival"} for step in published["curve"])
    previous = 0
    by_month = {step["month"]: step for step in raw["curve"]}
    for point in published["curve"]:
        events = sum(s["events"] for m, s in by_month.items() if previous < m <= point["month"])
        assert events >= 11 or previous == 0  # the first point gathers from month 0
        assert by_month[point["month"]]["at_risk"] >= 11
        previous = point["month"]
    shares = {p["month"]: round(1 - p["survival"], 4) for p in published["curve"]}
    for horizon, value in published["installed_share_by_month"].items():
        if value is not None:  # read on the coarsened curve
            reached = [m for m in shares if m <= int(horizon)]
            assert value == (shares[reached[-1]] if reached else 0.0)


def test_breach_incidence_masked_where_few_breaches_moved_it():
    report = _synth(3000, 5)
    published = publication(report)["breach_incidence"]["years"]
    for year, block in report["breach_incidence"]["years"].items():
        out = published[year]
        assert "breaches_by_month" not in out
        last = 0
        for horizon, value in out["cumulative_incidence"].items():
            if value is not None:
                since = block["breaches_by_month"][horizon] - last
                assert since == 0 or since >= 11
                last = block["breaches_by_month"][horizon]


def test_live_indicators_hide_small_counts():
    facts = PlatformFacts(
        payments=[(date(2024, m, 1), date(2024, m, 28)) for m in range(1, 13)]
        + [(date(2023, 1, 1), date(2023, 6, 1))] * 3,
    )
    report = _synth(200, 6)
    report["indicators"] = live_indicators(facts, date(2024, 12, 31))
    payments = next(i for i in publication(report)["indicators"] if i["id"] == "payment_delay")
    assert payments["n"] == 15 and payments["late"] is None  # 3 late payments
    assert payments["value"] is None


def test_data_quality_counts_are_masked():
    report = _synth(300, 7)
    report["data_quality"] = {
        "rows_read": 303,
        "rows_used": 300,
        "rows_set_aside": 3,
        "set_aside_by_reason": {"duplicate": 3},
        "ignored_columns": [],
        "issues": [{"line": 4}],
        "issues_total": 3,
        "notes": [{"line": 9}],
        "notes_total": 2,
    }
    quality = publication(report)["data_quality"]
    assert quality["rows_set_aside"] is None and quality["set_aside_by_reason"]["duplicate"] is None
    assert quality["notes_total"] is None and quality["issues"] == quality["notes"] == []
    assert quality["rows_read"] is None or quality["rows_used"] is None  # 303 − 300
