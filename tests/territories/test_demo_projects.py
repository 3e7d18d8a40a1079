"""Demo professional projects: deterministic, idempotent, in the region, never in the future."""

import datetime as dt

import pytest

from cesp.core import geography
from cesp.territories.demo import SHARE_WITH_PROJECT, load_demo_projects
from cesp.territories.models import ProjectDeclaration
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def occitanie_contracts():
    ufr = factories.OrganisationFactory(ufr=True, region_code="76")
    other = factories.OrganisationFactory(ufr=True, region_code="53")
    factories.ContractFactory.create_batch(5, ufr=other)
    return factories.ContractFactory.create_batch(40, ufr=ufr)


def test_projects_are_declared_in_the_region_after_signature_and_not_in_the_future(
    occitanie_contracts,
):
    created = load_demo_projects(today=TODAY)
    declarations = list(ProjectDeclaration.objects.select_related("contract"))
    assert created == len(declarations) > 0
    occitanie = {c.code for c in geography.communes_in_region("76")}
    for declaration in declarations:
        assert declaration.contract.followup_region == "76"
        assert declaration.commune_code in occitanie
        assert declaration.contract.signature_date < declaration.declared_on <= TODAY
        if declaration.withdrawn_on is not None:
            # A withdrawn commune is followed by its replacement, declared that very day.
            assert ProjectDeclaration.objects.filter(
                contract=declaration.contract, declared_on=declaration.withdrawn_on
            ).exists()
    with_project = {d.contract_id for d in declarations}
    # About SHARE_WITH_PROJECT of the 40 contracts, drawn from the contract id.
    assert 0.3 * 40 <= len(with_project) <= (SHARE_WITH_PROJECT + 0.3) * 40


def test_a_second_run_changes_nothing(occitanie_contracts):
    load_demo_projects(today=TODAY)
    before = list(ProjectDeclaration.objects.values_list("contract_id", "commune_code"))
    assert load_demo_projects(today=TODAY) == 0
    after = list(ProjectDeclaration.objects.values_list("contract_id", "commune_code"))
    assert before == after


def test_no_project_before_the_first_anniversary_of_signature():
    ufr = factories.OrganisationFactory(ufr=True, region_code="76")
    factories.ContractFactory.create_batch(10, ufr=ufr, signature_date=dt.date(2026, 6, 1))
    assert load_demo_projects(today=TODAY) == 0
