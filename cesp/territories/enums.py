"""Choices of the territories domain (values in English/codes, labels in French)."""

from django.db import models


class ZoningProfession(models.TextChoices):
    """The professions an ARS zoning is drawn for (art. L1434-4 CSP)."""

    MEDECINE = "medecine", "Médecins"
    ODONTOLOGIE = "odontologie", "Chirurgiens-dentistes"
    MAIEUTIQUE = "maieutique", "Sages-femmes"
    PHARMACIE = "pharmacie", "Pharmaciens"


class ZoneClass(models.TextChoices):
    """Zone classes as they appear in ARS zonings (doctors, then dentists/midwives)."""

    ZIP = "ZIP", "Zone d'intervention prioritaire (ZIP)"
    ZAC = "ZAC", "Zone d'action complémentaire (ZAC)"
    ZAR = "ZAR", "Zone d'accompagnement régional (ZAR)"
    ZV = "ZV", "Zone de vigilance"
    HZ = "HZ", "Hors zonage"
    TRES_SOUS_DOTEE = "TRES_SOUS_DOTEE", "Zone très sous-dotée"
    SOUS_DOTEE = "SOUS_DOTEE", "Zone sous-dotée"
    INTERMEDIAIRE = "INTERMEDIAIRE", "Zone intermédiaire"
    TRES_DOTEE = "TRES_DOTEE", "Zone très dotée"
    SUR_DOTEE = "SUR_DOTEE", "Zone sur-dotée"
    NON_PRIORITAIRE = "NON_PRIORITAIRE", "Zone non prioritaire"


class Structure(models.TextChoices):
    MSP = "msp", "Maison de santé pluriprofessionnelle (MSP)"
    CENTRE_DE_SANTE = "centre_de_sante", "Centre de santé"
    CABINET = "cabinet", "Cabinet"
    HOPITAL = "hopital", "Hôpital"


class PracticeMode(models.TextChoices):
    LIBERAL = "liberal", "Libéral"
    SALARIE = "salarie", "Salarié"
    MIXTE = "mixte", "Mixte"


class PlaceDecision(models.TextChoices):
    PENDING = "", "En attente"
    GRANTED = "granted", "Accordé"
    REFUSED = "refused", "Refusé"
