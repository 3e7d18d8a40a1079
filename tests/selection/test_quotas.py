"""Quota arrêtés from a file (all or nothing), fungibility and redistribution movements."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cesp.core.audit.models import AuditEntry
from cesp.selection import lists, quota_services, services
from cesp.selection.errors import Refused
from cesp.selection.models import QuotaArrete, QuotaLine, QuotaMovement
from tests.factories import OrganisationFactory, UserFactory
from tests.selection.factories import CampaignFactory, QuotaLineFactory

pytestmark = pytest.mark.django_db
ARRETE = {
    "academic_year": 2026,
    "reference": "Arrêté du 10 juillet 2027",
    "published_on": dt.date(2027, 7, 10),
}


@pytest.fixture
def ufrs():
    return OrganisationFactory(ufr=True, code="ufr-a"), OrganisationFactory(ufr=True, code="ufr-b")


def test_annual_import_creates_lines(ufrs):
    data = (
        "ufr;categorie;profession;contrats\n"
        "ufr-a;Deuxième cycle;Médecine;5\nufr-b;padhue;padhue_medecine;2\n"
    )
    arrete = quota_services.import_annual(data.encode(), "quotas.csv", user=None, **ARRETE)
    assert arrete.lines.count() == 2
    campaign = CampaignFactory(ufr=ufrs[0])
    assert lists.quota(campaign, "second_cycle", "medecine", dt.date(2027, 7, 10)).contracts == 5


def test_unknown_ufr_refuses_the_file_with_line_and_column(ufrs):
    data = (
        "ufr;categorie;profession;contrats\n"
        "ufr-a;second_cycle;medecine;5\nufr-zz;second_cycle;medecine;2\n"
    )
    with pytest.raises(quota_services.ImportRefused) as refused:
        quota_services.import_annual(data.encode(), "quotas.csv", user=None, **ARRETE)
    (issue,) = refused.value.report.errors
    assert (
        str(issue)
        == "ligne 3, colonne « ufr » : UFR inconnue (code d'organisation). (valeur « ufr-zz »)"
    )
    assert not QuotaArrete.objects.exists() and not QuotaLine.objects.exists()


def test_bad_number_and_missing_column_are_located(ufrs):
    with pytest.raises(quota_services.ImportRefused) as refused:
        quota_services.import_annual(
            b"ufr;profession\nufr-a;medecine\n", "q.csv", user=None, **ARRETE
        )
    assert "manquantes : categorie, contrats" in str(refused.value)
    with pytest.raises(quota_services.ImportRefused) as refused:
        quota_services.import_annual(
            b"ufr;categorie;profession;contrats\nufr-a;second_cycle;medecine;cinq\n",
            "q.csv",
            user=None,
            **ARRETE,
        )
    assert "ligne 2, colonne « contrats »" in str(refused.value)


def test_redistribution_moves_between_universities_audited(ufrs):
    quota_services.import_annual(
        b"ufr;categorie;profession;contrats\nufr-a;second_cycle;medecine;5\n",
        "q.csv",
        user=None,
        **ARRETE,
    )
    data = (
        b"ufr_origine;ufr_cible;categorie;profession;contrats\n"
        b"ufr-a;ufr-b;second_cycle;medecine;2\n"
    )
    quota_services.import_redistribution(
        data,
        "r.csv",
        academic_year=2026,
        reference="Arrêté du 17 décembre 2027",
        published_on=dt.date(2027, 12, 17),
        user=None,
    )
    a, b = CampaignFactory(ufr=ufrs[0]), CampaignFactory(ufr=ufrs[1])
    day = dt.date(2027, 12, 17)
    assert lists.quota(a, "second_cycle", "medecine", day).contracts == 3
    assert lists.quota(b, "second_cycle", "medecine", day).contracts == 2
    assert AuditEntry.objects.filter(action="selection.quota.redistribution").count() == 1


def test_fungibility_only_in_the_window_and_within_the_quota(ufrs):
    quota_services.import_annual(
        b"ufr;categorie;profession;contrats\nufr-a;second_cycle;medecine;3\n",
        "q.csv",
        user=None,
        **ARRETE,
    )
    campaign = CampaignFactory(ufr=ufrs[0])
    user = UserFactory(ufr_agent=True, organisation=ufrs[0])
    move = {
        "source": ("second_cycle", "medecine"),
        "target": ("second_cycle", "odontologie"),
        "contracts": 2,
        "reference": "Décision du doyen",
    }
    with pytest.raises(Refused, match="fenêtre de fongibilité n'est pas fixée"):
        quota_services.record_fungibility(campaign, user, effective_on=dt.date(2027, 7, 20), **move)
    services.set_milestone(campaign, "fungibility_start", dt.date(2027, 7, 15), user)
    services.set_milestone(campaign, "fungibility_end", dt.date(2027, 8, 15), user)
    with pytest.raises(Refused, match="Hors de la fenêtre"):
        quota_services.record_fungibility(campaign, user, effective_on=dt.date(2027, 9, 1), **move)
    with pytest.raises(Refused, match="Seuls 3"):
        quota_services.record_fungibility(
            campaign, user, effective_on=dt.date(2027, 7, 20), **{**move, "contracts": 4}
        )
    quota_services.record_fungibility(campaign, user, effective_on=dt.date(2027, 7, 20), **move)
    day = dt.date(2027, 7, 20)
    assert lists.quota(campaign, "second_cycle", "medecine", day).contracts == 1
    assert lists.quota(campaign, "second_cycle", "odontologie", day).contracts == 2
    movement = QuotaMovement.objects.get()
    with pytest.raises(Exception, match="ne se modifie pas"):
        movement.save()


@settings(max_examples=25)
@given(
    base=st.integers(0, 10),
    moves=st.lists(
        st.tuples(st.sampled_from(["in", "out"]), st.integers(1, 3), st.integers(0, 40)),
        max_size=5,
    ),
    day=st.integers(-5, 45),
)
def test_quota_is_arrete_plus_received_minus_given_known_that_day(base, moves, day):
    ufr, other = OrganisationFactory(ufr=True), OrganisationFactory(ufr=True)
    published = dt.date(2027, 7, 10)
    QuotaLineFactory(ufr=ufr, contracts=base, arrete__published_on=published)
    for direction, n, offset in moves:
        source, target = (other, ufr) if direction == "in" else (ufr, other)
        QuotaMovement.objects.create(
            kind="redistribution",
            academic_year=2026,
            source_ufr=source,
            source_category="second_cycle",
            source_profession="medecine",
            target_ufr=target,
            target_category="second_cycle",
            target_profession="medecine",
            contracts=n,
            effective_on=published + dt.timedelta(days=offset),
            reference="Arrêté",
        )
    on = published + dt.timedelta(days=day)
    expected = (base if day >= 0 else 0) + sum(
        n if direction == "in" else -n for direction, n, offset in moves if offset <= day
    )
    campaign = CampaignFactory(ufr=ufr)
    assert lists.quota(campaign, "second_cycle", "medecine", on).contracts == expected
