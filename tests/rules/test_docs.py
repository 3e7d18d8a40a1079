"""The rules documentation and the coverage of the parameters by the YAML cases."""

from __future__ import annotations

from datetime import date

import pytest

from cesp.rules import params
from cesp.rules.docs import (
    COVERAGE_EXEMPTIONS,
    RULE_MODULES,
    case_usage,
    coverage_report,
    legifrance_link,
    main,
    module_parameters,
    write_docs,
)


@pytest.fixture(scope="module")
def usage():
    found = case_usage()
    assert found is not None, "tests/rules/cases introuvable depuis cesp.rules.docs"
    return found


def test_every_dated_value_is_exercised_or_exempted(usage) -> None:
    """Issue 2 §4: every dated value of every parameter is exercised by a case."""
    by_value, _ = usage
    missing = [
        f"{name} depuis {item.start}"
        for name, parameter in params.all_parameters().items()
        for item in parameter.values
        if (name, item.start) not in by_value
        and (name, item.start.isoformat()) not in COVERAGE_EXEMPTIONS
    ]
    assert not missing, "valeurs datées sans cas ni exemption :\n" + "\n".join(missing)


def test_exemptions_are_current(usage) -> None:
    """An exemption for a value a case now exercises, or for a vanished value, must go."""
    by_value, _ = usage
    parameters = params.all_parameters()
    for name, start in COVERAGE_EXEMPTIONS:
        assert name in parameters, f"exemption d'un paramètre disparu : {name}"
        assert any(item.start.isoformat() == start for item in parameters[name].values)
        assert (name, date.fromisoformat(start)) not in by_value, (
            f"{name} depuis {start} est désormais exercé : retirer l'exemption"
        )


def test_every_rule_module_is_exercised(usage) -> None:
    _, by_module = usage
    idle = [name for name, _, _ in RULE_MODULES if not by_module.get(name)]
    assert not idle, f"modules de règles sans cas : {idle}"


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    return out, write_docs(out)


def test_write_docs_pages(docs) -> None:
    tmp_path, written = docs
    names = {path.relative_to(tmp_path).as_posix() for path in written}
    assert "index.md" in names and "coverage.md" in names
    for name in params.all_parameters():
        assert f"parameters/{name}.md" in names
    for module, _, _ in RULE_MODULES:
        assert f"rules/{module}.md" in names
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert "rules/eligibility.md" in index and "parameters/breach.penalty_minimum.md" in index


def test_parameter_page_has_history_sources_and_cases(docs) -> None:
    tmp_path, _ = docs
    page = (tmp_path / "parameters" / "commission.complementary_list_multiplier.md").read_text(
        encoding="utf-8"
    )
    assert "| 2010-07-02 | 2013-11-30 | 3 |" in page
    assert "| 2013-12-01 | 2020-03-19 | 4 |" in page
    assert "Décret n° 2013-1080" in page and "https://www.legifrance.gouv.fr/" in page
    assert "listes.yaml` — La même UFR pendant la campagne 2011-2012 (T35)" in page


def test_rule_page_has_text_functions_parameters_and_cases(docs) -> None:
    tmp_path, _ = docs
    page = (tmp_path / "rules" / "offers.md").read_text(encoding="utf-8")
    assert "décret 2010-735 art. 4" in page
    assert "### `signed_contract_due(" in page
    assert "offers.reflection_period_days" in page
    assert "Offre reçue le 10 juin 2025 (T33)" in page


def test_module_parameters_follow_fstring_prefixes() -> None:
    from cesp.rules import zones

    assert "zoning.cesp_classes_medecine" in module_parameters(zones)


def test_legifrance_links() -> None:
    registry = params.references()
    assert legifrance_link(registry["decret_2025_270_art3"]).endswith("LEGIARTI000051371011")
    link = legifrance_link(registry["decret_2010_735_art3"])
    assert link == "https://www.legifrance.gouv.fr/search/all?query=SASH1010968D"


def test_coverage_report_counts(usage) -> None:
    report = coverage_report(usage[0])
    assert "non couvertes : 0." in report
    assert "| `commission.complementary_list_multiplier` | 2013-12-01 | 4 |" in report


def test_cli_coverage_only(tmp_path, capsys) -> None:
    target = tmp_path / "coverage.md"
    assert main(["--coverage", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# Couverture")


def test_cli_without_target_is_refused() -> None:
    with pytest.raises(SystemExit):
        main([])
