"""Choices of the selection app, with their French labels (vocabularies from cesp.rules)."""

from django.db import models

from cesp.rules import vocabulary

Profession = models.TextChoices(
    "Profession", [(code.upper(), (code, label)) for code, label in vocabulary.PROFESSIONS.items()]
)
Category = models.TextChoices(
    "Category", [(code.upper(), (code, label)) for code, label in vocabulary.CATEGORIES.items()]
)


class MilestoneKind(models.TextChoices):
    """The dated steps of a campaign (workflows-payments.md §1.6, D1–D11), all editable."""

    OPENING = "opening", "D1 — ouverture de la campagne"
    FILING_DEADLINE = "filing_deadline", "D2 — date limite de dépôt des dossiers"
    ARS_AGREEMENT_DEADLINE = "ars_agreement_deadline", "D3 — accord écrit d'une autre ARS"
    COMMISSION = "commission", "D4 — commission de sélection"
    LISTS_DEADLINE = "lists_deadline", "D5 — transmission des listes au gestionnaire"
    QUOTA_PUBLISHED = "quota_published", "D6 — publication de l'arrêté de quotas"
    OFFERS_START = "offers_start", "D7 — début des propositions de contrat"
    FUNGIBILITY_START = "fungibility_start", "D10 — ouverture de la fongibilité"
    FUNGIBILITY_END = "fungibility_end", "D10 — fin de la fongibilité"
    REDISTRIBUTION_CUTOFF = "redistribution_cutoff", "D11 — date d'arrêt avant redistribution"
    LISTS_EXPIRY = "lists_expiry", "Fin de validité des listes (fin de l'année universitaire)"


class ArreteKind(models.TextChoices):
    ANNUAL = "annual", "Arrêté annuel de quotas"
    REDISTRIBUTION = "redistribution", "Arrêté de redistribution entre universités"


class MovementKind(models.TextChoices):
    FUNGIBILITY = "fungibility", "Fongibilité au sein de l'université"
    REDISTRIBUTION = "redistribution", "Redistribution entre universités"


class DossierState(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    FILED = "filed", "Déposé"
    SCREENING = "screening", "En examen sur dossier"
    SHORTLISTED = "shortlisted", "Retenu pour l'audition"
    NOT_SHORTLISTED = "not_shortlisted", "Non retenu sur dossier"
    INTERVIEW = "interview", "Auditionné"
    RANKED = "ranked", "Classé"
    NOT_RANKED = "not_ranked", "Non classé"
    WITHDRAWN = "withdrawn", "Retiré par le candidat"


class Schema(models.TextChoices):
    """Version of the dossier's contents, by regime (workflows-payments.md §1.2)."""

    PRE2020 = "pre2020", "Dossier PRE2020 (arrêté du 27 juillet 2010, art. 1)"
    POST2020 = "post2020", "Dossier POST2020 (arrêté du 26 mai 2020)"
    POST2025 = "post2025", "Dossier POST2025 (arrêté du 24 mars 2025)"


class PieceKind(models.TextChoices):
    IDENTITY = "identity", "Copie d'une pièce d'identité"
    MOTIVATION = "motivation", "Lettre de motivation (projet professionnel)"
    TRANSCRIPT_1 = "transcript_1", "Relevé de notes de l'avant-dernière année"
    TRANSCRIPT_2 = "transcript_2", "Relevé de notes de la dernière année"
    ECN_RANK = "ecn_rank", "Attestation du rang de classement (internes)"
    ARS_AGREEMENT = "ars_agreement", "Accord écrit d'une autre ARS"
    SOCIAL = "social", "Justificatif de situation sociale"
    OTHER = "other", "Autre document utile"


class PracticeMode(models.TextChoices):
    LIBERAL = "liberal", "Libéral"
    SALARIED = "salaried", "Salarié"
    MIXED = "mixed", "Mixte"
    UNDECIDED = "undecided", "Pas encore décidé"


class MemberQuality(models.TextChoices):
    """Composition of the commission (digest R6; arrêté du 27 juillet 2010 art. 2)."""

    DEAN = "dean", "Directeur ou directrice de l'UFR (président)"
    DG_ARS = "dg_ars", "Directeur général de l'ARS ou son représentant"
    ORDRE = "ordre", "Représentant de l'Ordre"
    URPS = "urps", "Représentant de l'URPS"
    FHF = "fhf", "Représentant de la FHF"
    STUDENTS = "students", "Représentant des étudiants ou internes"
    OTHER = "other", "Autre membre"


class DecisionKind(models.TextChoices):
    SHORTLIST = "shortlist", "Retenu pour l'audition"
    NOT_SHORTLIST = "not_shortlist", "Non retenu sur dossier"
    RANK = "rank", "Classé"
    NOT_RANK = "not_rank", "Non classé"


class ListKind(models.TextChoices):
    PRINCIPAL = "principal", "Liste principale"
    COMPLEMENTARY = "complementary", "Liste complémentaire"
