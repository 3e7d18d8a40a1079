"""Roles and kinds of organisation."""

from django.db import models


class Role(models.TextChoices):
    STUDENT = "student", "Étudiant ou signataire"
    UFR_AGENT = "ufr_agent", "Agent d'UFR"
    COMMISSION_MEMBER = "commission_member", "Membre de commission de sélection"
    ARS_REFERENT = "ars_referent", "Référent ARS"
    ARS_DIRECTOR = "ars_director", "Directeur ou directrice ARS"
    NATIONAL_AGENT = "national_agent", "Agent national (CNG / ASP)"
    RESEARCHER = "researcher", "Chercheur ou chercheuse"
    ADMIN = "admin", "Administrateur"


class OrganisationKind(models.TextChoices):
    UFR = "ufr", "UFR (faculté)"
    ARS = "ars", "Agence régionale de santé"
    NATIONAL = "national", "Gestionnaire national (CNG, puis ASP)"
    RESEARCH = "research", "Équipe de recherche"
