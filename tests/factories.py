"""factory-boy factories with traits, shared by every test package."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from cesp.accounts.enums import OrganisationKind, Role
from cesp.accounts.models import ApiToken, Organisation, User
from cesp.contracts.enums import Category, EventType, Profession
from cesp.contracts.models import Contract, ContractEvent
from cesp.payments.enums import LineKind, LineOrigin, Payer
from cesp.payments.models import PaymentLine


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    kind = OrganisationKind.UFR
    name = factory.Sequence(lambda n: f"Organisation {n}")
    code = factory.Sequence(lambda n: f"org-{n}")
    region_code = "76"

    class Params:
        ufr = factory.Trait(kind=OrganisationKind.UFR, name=factory.Sequence(lambda n: f"UFR {n}"))
        ars = factory.Trait(kind=OrganisationKind.ARS, name=factory.Sequence(lambda n: f"ARS {n}"))
        national = factory.Trait(kind=OrganisationKind.NATIONAL, name="ASP", region_code="")
        research = factory.Trait(kind=OrganisationKind.RESEARCH, region_code="")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.STUDENT
    organisation = None
    password = factory.django.Password("demo")

    class Params:
        student = factory.Trait(role=Role.STUDENT)
        ufr_agent = factory.Trait(
            role=Role.UFR_AGENT, organisation=factory.SubFactory(OrganisationFactory, ufr=True)
        )
        commission = factory.Trait(
            role=Role.COMMISSION_MEMBER,
            organisation=factory.SubFactory(OrganisationFactory, ufr=True),
        )
        ars_referent = factory.Trait(
            role=Role.ARS_REFERENT, organisation=factory.SubFactory(OrganisationFactory, ars=True)
        )
        ars_director = factory.Trait(
            role=Role.ARS_DIRECTOR, organisation=factory.SubFactory(OrganisationFactory, ars=True)
        )
        national = factory.Trait(
            role=Role.NATIONAL_AGENT,
            organisation=factory.SubFactory(OrganisationFactory, national=True, code="asp"),
        )
        researcher = factory.Trait(
            role=Role.RESEARCHER,
            organisation=factory.SubFactory(OrganisationFactory, research=True),
        )
        admin = factory.Trait(role=Role.ADMIN, is_staff=True, is_superuser=True)


class ContractFactory(DjangoModelFactory):
    """A 2nd-cycle medicine contract of campaign 2021, signed 2022-06-20 (post2020)."""

    class Meta:
        model = Contract

    reference = factory.Sequence(lambda n: f"CESP-TEST-{n:06d}")
    signatory = factory.SubFactory(UserFactory, student=True)
    profession = Profession.MEDECINE
    category = Category.SECOND_CYCLE
    campaign_year = 2021
    signature_date = dt.date(2022, 6, 20)
    ufr = factory.SubFactory(OrganisationFactory, ufr=True)
    followup_region = factory.SelfAttribute("ufr.region_code")
    specialty = ""

    class Params:
        pre2020 = factory.Trait(campaign_year=2015, signature_date=dt.date(2016, 1, 10))
        third_cycle = factory.Trait(category=Category.THIRD_CYCLE)
        odontologie = factory.Trait(profession=Profession.ODONTOLOGIE)
        imported = factory.Trait(signatory=None)


class ContractEventFactory(DjangoModelFactory):
    """An event written straight to the table (tests only: services validate)."""

    class Meta:
        model = ContractEvent

    contract = factory.SubFactory(ContractFactory)
    type = EventType.DES
    date = dt.date(2027, 10, 15)

    class Params:
        practice = factory.Trait(
            type=EventType.PRACTICE, date=None, start=dt.date(2029, 1, 1), zone_share=Decimal(1)
        )
        thesis = factory.Trait(type=EventType.THESIS, date=dt.date(2027, 12, 10))


class PaymentFactory(DjangoModelFactory):
    """A line of the payments ledger already paid (as the CNG history)."""

    class Meta:
        model = PaymentLine

    contract = factory.SubFactory(ContractFactory)
    month = dt.date(2021, 10, 1)
    kind = LineKind.REGULAR
    sequence = 1
    gross = Decimal("1200.00")
    net = Decimal("1085.63")
    payer = Payer.CNG
    origin = LineOrigin.HISTORY
    paid_on = dt.date(2022, 7, 5)


def api_token_for(organisation: Organisation, name: str = "test") -> str:
    """Issue a token and return its raw value."""
    return ApiToken.issue(organisation, name)[1]
