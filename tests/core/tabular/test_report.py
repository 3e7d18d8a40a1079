"""One report of issues: located, in French, errors apart from notices."""

from __future__ import annotations

from cesp.core.tabular import Issue, Report, Severity, text_problem


def test_issues_are_located_and_said_in_french():
    report = Report()
    report.error(3, "signature_date", "date impossible.", value="2023-02-30")
    report.warning(4, "insee_com", "code complété.")
    report.info(None, None, "2 lignes ignorées.")
    assert not report.ok and len(report.errors) == 1 and len(report.notices) == 2
    assert str(report.errors[0]) == (
        "ligne 3, colonne « signature_date » : date impossible. (valeur « 2023-02-30 »)"
    )
    assert report.lines()[1:] == [
        "[avertissement] ligne 4, colonne « insee_com » : code complété.",
        "[information] 2 lignes ignorées.",
    ]
    assert report.issues[0].as_dict() == {
        "severity": "erreur",
        "line": 3,
        "column": "signature_date",
        "value": "2023-02-30",
        "message": "date impossible.",
    }


def test_a_report_of_notices_only_is_ok():
    report = Report([Issue(2, "", "ignorée.", Severity.INFO)])
    assert report.ok and str(report.issues[0]) == "ligne 2 : ignorée."


def test_text_problem_nul_and_length():
    assert text_problem("abc", 3) is None and text_problem("x" * 10, None) is None
    assert text_problem("abcd", 3) == "4 caractères : 3 au plus."
    assert "nul" in text_problem("a\x00b", 10)
