"""Factories of the selection's facts."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from cesp.selection.models import (
    Campaign,
    CommissionSession,
    Dossier,
    ListEntry,
    Milestone,
    QuotaArrete,
    QuotaLine,
    RankedList,
)
from tests.factories import OrganisationFactory, UserFactory


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign
        django_get_or_create = ("ufr", "academic_year")

    ufr = factory.SubFactory(OrganisationFactory, ufr=True)
    academic_year = 2026


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    campaign = factory.SubFactory(CampaignFactory)
    kind = "lists_deadline"
    date = dt.date(2027, 1, 15)


class DossierFactory(DjangoModelFactory):
    class Meta:
        model = Dossier

    campaign = factory.SubFactory(CampaignFactory)
    candidate = factory.SubFactory(UserFactory, student=True)
    schema = "post2025"
    state = "draft"
    birth_name = factory.Sequence(lambda n: f"Candidat{n}")
    first_names = "Camille"
    birth_date = dt.date(2002, 5, 4)
    birth_place = "Montpellier"
    nationality = "française"
    address = "1 rue de la Faculté, 34000 Montpellier"
    email = factory.Sequence(lambda n: f"candidat{n}@example.org")
    profession = "medecine"
    category = "second_cycle"
    study_year = 5
    specialty = "Médecine générale"
    practice_mode = "liberal"
    practice_place = "Lodève"


class QuotaArreteFactory(DjangoModelFactory):
    class Meta:
        model = QuotaArrete

    kind = "annual"
    academic_year = 2026
    reference = "Arrêté du 10 juillet 2027 fixant le nombre de CESP"
    published_on = dt.date(2027, 7, 10)


class QuotaLineFactory(DjangoModelFactory):
    class Meta:
        model = QuotaLine

    arrete = factory.SubFactory(QuotaArreteFactory)
    ufr = factory.SubFactory(OrganisationFactory, ufr=True)
    category = "second_cycle"
    profession = "medecine"
    contracts = 3


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = CommissionSession

    campaign = factory.SubFactory(CampaignFactory)
    held_on = dt.date(2026, 12, 10)


class RankedListFactory(DjangoModelFactory):
    class Meta:
        model = RankedList

    campaign = factory.SubFactory(CampaignFactory)
    category = "second_cycle"
    profession = "medecine"
    open_contracts = 2
    drawn_on = dt.date(2026, 12, 10)


class ListEntryFactory(DjangoModelFactory):
    class Meta:
        model = ListEntry

    ranked_list = factory.SubFactory(RankedListFactory)
    kind = "principal"
    rank = 1
    dossier = factory.SubFactory(DossierFactory, state="ranked")
