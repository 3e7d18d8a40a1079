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
