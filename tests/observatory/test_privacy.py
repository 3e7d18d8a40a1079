"""Publication mode: primary suppression below 11 and secondary suppression."""

from datetime import date
from pathlib import Path

from cesp.observatory.analysis import analyse
from cesp.observatory.cohort import read_cohort
from cesp.observatory.privacy import _Suppressor, publication

HAND = Path(__file__).parent / "data" / "hand_cohort.csv"


def test_secondary_suppression_hides_the_cell_a_total_would_give_back():
    # total 60 = 30 + 25 + 5: hiding only 5 lets anyone compute it as 60 − 30 − 25,
    # so the smallest other cell (25) goes too; 0 stays published.
    table = {"a": 30, "b": 25, "c": 5, "d": 0}
    suppressor = _Suppressor(11)
    suppressor.table(table, list(table), "t")
    assert table == {"a": 30, "b": None, "c": None, "d": 0}
    assert suppressor.paths == ["t.c", "t.b"]


def test_two_small_cells_need_no_secondary():
    table = {"a": 30, "b": 4, "c": 5}
    _Suppressor(11).table(table, list(table), "t")
    assert table == {"a": 30, "b": None, "c": None}


def test_publication_of_the_hand_cohort_masks_small_figures_and_says_so():
    cohort = read_cohort(HAND, strict=True)
    report = analyse(cohort.rows, as_of=date(2025, 1, 1))
    published = publication(report)
    privacy = published["privacy"]
    assert privacy["mode"] == "publication" and privacy["threshold"] == 11
    assert "masqués" in privacy["note"]
    # 11 studied is published; every phase has < 11 profiles.
    assert published["flow"]["studied"] == 11
    assert published["phases"]["installed"]["n"] is None
    assert published["phases"]["installed"]["engagement_months"]["mean"] is None
    assert published["population"]["age_at_signature"]["mean"] is None  # n = 10
    assert published["installations"]["density"]["rural"] is None
    assert published["cost"]["cost_installed"] is None
    assert "phases.n.installed" in privacy["suppressed"]
    # the original is untouched
    assert report["phases"]["installed"]["n"] == 4


def test_no_masked_count_can_be_recovered_from_published_subtotals():
    import io

    from cesp.observatory.cohort import read_cohort_text
    from cesp.observatory.synth import write_synthetic

    buffer = io.StringIO()
    write_synthetic(buffer, 560, seed=1)
    rows = read_cohort_text(buffer.getvalue(), strict=True).rows
    published = publication(analyse(rows, as_of=date(2023, 9, 30)))
    for block in published["phases"].values():
        if block["n"] is None:  # nothing under a masked phase gives its size back
            assert block["engagement_months"]["n"] is None
            assert block["planned_region_known"] is None
            assert block["specialties"] == {}
    masked = [k for k in ("completed", "installed") if published["phases"][k]["n"] is None]
    assert masked  # seed 1 has fewer than 11 completed contracts
    for groups in published["delays_months"].values():
        sizes = [groups[k]["n"] is None for k in ("completed", "installed")]
        assert sizes.count(True) != 1 or groups["all"]["n"] is None
    by_phase = published["installations"]["in_region_by_phase"]
    assert [b["n"] is None for b in by_phase.values()].count(True) != 1
