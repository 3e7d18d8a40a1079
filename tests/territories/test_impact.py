"""Zoning change impact (issue 4 §4): signatories whose project commune or place changes
status, the 3-year project protection of R25 (oracles T24/T25), notifications (kernel
outbox, with the e-mail)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from cesp.contracts.enums import EventType
from cesp.core.notifications.enums import Status
from cesp.core.notifications.models import Message
from cesp.territories import services
from cesp.territories.impact import assess, notify_impacts, project_versions
from cesp.territories.models import ProjectDeclaration
from tests.factories import ContractEventFactory, ContractFactory, UserFactory

from .conftest import zoning_csv

pytestmark = pytest.mark.django_db
CHANGE = dt.date(2025, 5, 16)


def declare(contract, commune, on, withdrawn=None):
    return ProjectDeclaration.objects.create(
        contract=contract, commune_code=commune, declared_on=on, withdrawn_on=withdrawn
    )


def new_zoning(overrides):
    return services.import_zoning(
        zoning_csv(overrides=overrides),
        "z2025.csv",
        region="76",
        profession="medecine",
        valid_from=CHANGE,
        act="Arrêté ARS Occitanie 2025",
    )


@pytest.fixture
def referent(ars_occitanie):
    return UserFactory(ars_referent=True, organisation=ars_occitanie, username="ref-occ")


def test_t24_t25_stable_project_is_protected_recent_one_is_not(occitanie_zoning, referent):
    stable = ContractFactory(reference="STABLE")
    recent = ContractFactory(reference="RECENT")
    unchanged = ContractFactory(reference="UNCHANGED")
    dentist = ContractFactory(reference="DENTIST", odontologie=True)
    declare(stable, "09001", dt.date(2021, 9, 1))  # T24: 3.7 years → protected
    declare(recent, "09001", dt.date(2023, 1, 1))  # T25: 2.3 years → not protected
    declare(unchanged, "09002", dt.date(2023, 1, 1))
    declare(dentist, "09001", dt.date(2021, 9, 1))  # bound by the dental zoning
    result = new_zoning({"09001": "4_ZAR"})
    assert result.ok, result.report.as_text()
    by_ref = {i.contract_reference: i for i in result.impacts}
    assert set(by_ref) == {"STABLE", "RECENT"}
    assert (by_ref["STABLE"].old_zone, by_ref["STABLE"].new_zone) == ("ZIP", "ZAR")
    assert by_ref["STABLE"].old_eligible and not by_ref["STABLE"].new_eligible
    assert by_ref["STABLE"].protected is True
    assert "aides" in by_ref["STABLE"].explanation
    assert by_ref["RECENT"].protected is False


def test_notifications_for_signatory_and_referent_are_idempotent(occitanie_zoning, referent):
    contract = ContractFactory(reference="C1")
    declare(contract, "09001", dt.date(2021, 9, 1))
    version = new_zoning({"09001": "4_ZAR"}).versions[0]
    notes = Message.objects.filter(
        context__contract_id=contract.pk, context__zoning_version_id=version.pk
    )
    assert {n.recipient for n in notes} == {contract.signatory, referent}
    assert {n.kind for n in notes} == {"zoning_change", "zoning_change_referent"}
    assert "Arrêté ARS Occitanie 2025" in notes.first().body
    assert "Protection" in notes.first().body
    assert notes.first().link == f"/territoires/attestation/{contract.pk}/"
    notify_impacts(version)
    assert notes.count() == 2


def test_the_zoning_change_is_e_mailed_after_the_import_commits(
    occitanie_zoning, referent, django_capture_on_commit_callbacks
):
    contract = ContractFactory(reference="C2")
    contract.signatory.email = "signataire@example.org"
    contract.signatory.save()
    referent.email = "referent@example.org"
    referent.save()
    declare(contract, "09001", dt.date(2021, 9, 1))
    with django_capture_on_commit_callbacks(execute=True):
        new_zoning({"09001": "4_ZAR"})
    assert sorted(m.to[0] for m in mail.outbox) == [
        "referent@example.org",
        "signataire@example.org",
    ]
    assert mail.outbox[0].subject == "Nouveau zonage : la situation de C2 change"
    assert f"/territoires/attestation/{contract.pk}/" in mail.outbox[0].body
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}


def test_installed_place_leaving_the_zoning_keeps_the_place(occitanie_zoning, referent):
    contract = ContractFactory(reference="INSTALLED")
    ContractEventFactory(
        contract=contract,
        type=EventType.INSTALLATION_DECISION,
        date=dt.date(2024, 1, 10),
        commune_code="09002",
    )
    impacts = new_zoning({"09002": "4_ZAR"}).impacts
    [impact] = impacts
    assert (impact.kind, impact.protected) == ("lieu d'exercice", True)


def test_commune_entering_the_zoning_is_listed_without_protection(occitanie_zoning):
    contract = ContractFactory(reference="ENTERS")
    declare(contract, "31555", dt.date(2024, 1, 1))  # ZAR in the synthetic 2022 zoning
    [impact] = new_zoning({"31555": "2_ZAC"}).impacts
    assert (impact.old_eligible, impact.new_eligible, impact.protected) == (False, True, None)


def test_withdrawn_commune_is_not_assessed_and_resets_stability(occitanie_zoning):
    contract = ContractFactory(reference="WITHDRAWN")
    declare(contract, "09001", dt.date(2020, 1, 1), withdrawn=dt.date(2022, 1, 1))
    declare(contract, "09001", dt.date(2023, 6, 1))
    result = new_zoning({"09001": "4_ZAR"})
    [impact] = result.impacts
    assert impact.protected is False  # named again only since 2023-06-01
    versions = project_versions(list(contract.project_declarations.all()))
    assert [sorted(v.communes) for v in versions] == [["09001"], [], ["09001"]]


def test_assess_without_previous_version_lists_nothing(db):
    contract = ContractFactory()
    declare(contract, "09001", dt.date(2021, 9, 1))
    result = services.import_zoning(
        zoning_csv(),
        "z.csv",
        region="76",
        profession="medecine",
        valid_from=CHANGE,
        act="Premier zonage",
        notify=False,
    )
    # No zoning before: the status was unknown, not "eligible": nothing changes status
    # in a way the rules can assert — listed as entering (old unknown → new eligible).
    impacts = assess(result.versions[0])
    assert [(i.old_zone, i.new_zone, i.new_eligible) for i in impacts] == [(None, "ZIP", True)]


def test_cli_impact_and_versions(occitanie_zoning, capsys):
    from cesp.territories import cli

    contract = ContractFactory(reference="CLI-1")
    declare(contract, "09001", dt.date(2021, 9, 1))
    version = new_zoning({"09001": "4_ZAR"}).versions[0]
    capsys.readouterr()
    assert cli.main(["versions"]) == 0
    assert "Arrêté ARS Occitanie 2025" in capsys.readouterr().out
    assert cli.main(["impact", str(version.pk)]) == 0
    out = capsys.readouterr().out
    assert "1 signataire(s)" in out and "CLI-1" in out and "protégé" in out
    assert cli.main(["impact", "999999"]) == 1


def test_assessing_reads_a_constant_number_of_queries(occitanie_zoning):
    """The home pages of the ARS list these impacts: no query per signatory."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    version = new_zoning({"09001": "4_ZAR"}).versions[0]
    counts = []
    for n in (2, 6):
        for i in range(n - len(counts) * 2):
            declare(ContractFactory(), "09001", dt.date(2021, 9, 1 + i))
        with CaptureQueriesContext(connection) as queries:
            assert len(assess(version)) >= n
        counts.append(len(queries))
    assert counts[0] == counts[1]
