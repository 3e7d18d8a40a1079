"""Facts of the follow-up: referents and their assignments, exchanges, message threads,
the convocation path, and the markers that keep reminders and digests idempotent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .enums import Channel, ConvocationState, MeetingMode, MeetingStatus, ReferentLevel


class Referent(models.Model):
    """An ARS agent acting as named referent, at the level of a department or a faculty."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referent_profile",
        verbose_name="agent",
    )
    level = models.CharField("niveau", max_length=16, choices=ReferentLevel.choices)
    department_code = models.CharField("département (code)", max_length=3, blank=True)
    ufr = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="UFR",
    )
    active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "référent"

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class AssignmentQuerySet(models.QuerySet):
    def current(self) -> AssignmentQuerySet:
        return self.filter(ended_at__isnull=True)


class Assignment(models.Model):
    """A referent named for a contract's signatory, from ``started_at`` until handed over."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="referent_assignments"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="followup_assignments",
        verbose_name="référent",
    )
    started_at = models.DateTimeField("depuis le")
    ended_at = models.DateTimeField("jusqu'au", null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="désigné par",
    )
    reason = models.CharField("motif", max_length=300, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "désignation d'un référent"
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract"],
                condition=Q(ended_at__isnull=True),
                name="followup_one_current_referent",
            )
        ]
        indexes = [models.Index(fields=["referent", "ended_at"], name="followup_assign_ref")]

    def __str__(self) -> str:
        return f"Référent {self.referent_id} pour le contrat {self.contract_id}"


class MeetingQuerySet(models.QuerySet):
    def held(self) -> MeetingQuerySet:
        return self.filter(status=MeetingStatus.HELD)

    def planned(self) -> MeetingQuerySet:
        return self.filter(status=MeetingStatus.PLANNED)


class Meeting(models.Model):
    """A yearly exchange between the ARS and the signatory: planned, then held."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="followup_meetings"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="followup_meetings",
        verbose_name="référent",
    )
    status = models.CharField(
        "état", max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    planned_on = models.DateField("date prévue", null=True, blank=True)
    held_on = models.DateField("date de l'échange", null=True, blank=True)
    mode = models.CharField("modalité", max_length=16, choices=MeetingMode.choices)
    project_update = models.TextField("point sur le projet professionnel", blank=True)
    target_communes = models.JSONField("communes visées (codes INSEE)", default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "échange de suivi"
        ordering = ["-held_on", "-planned_on", "-pk"]
        indexes = [models.Index(fields=["contract", "status"], name="followup_meeting_contract")]

    def __str__(self) -> str:
        return f"Échange {self.get_status_display().lower()} — {self.contract_id}"

    @property
    def day(self):
        return self.held_on or self.planned_on


class Thread(models.Model):
    """A conversation on a contract between its signatory and their ARS or the manager."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="followup_threads"
    )
    channel = models.CharField("avec", max_length=16, choices=Channel.choices)
    subject = models.CharField("objet", max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("ouverte le")

    class Meta:
        verbose_name = "conversation"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    """One message of a thread (never edited)."""

    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_signatory = models.BooleanField("écrit par le signataire")
    body = models.TextField("message")
    sent_at = models.DateTimeField("envoyé le")

    class Meta:
        verbose_name = "message"
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"Message du {self.sent_at:%d/%m/%Y}"


class Convocation(models.Model):
    """The yearly convocation of a PRE2020 signatory under 3rd-cycle suspension (arrêté
    du 27 juillet 2010, art. 2 bis): its state moves through ``workflows.CONVOCATION``."""

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="followup_convocations"
    )
    state = models.CharField(
        "état", max_length=24, choices=ConvocationState.choices, default=ConvocationState.CONVOKED
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("ouverte le", auto_now_add=True)

    class Meta:
        verbose_name = "convocation"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Convocation — contrat {self.contract_id}"


class ConvocationStep(models.Model):
    """One step of a convocation: its letter (archived document), proof and deadline."""

    convocation = models.ForeignKey(Convocation, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField("étape", max_length=32)
    label = models.CharField("libellé", max_length=200)
    document = models.ForeignKey(
        "core_documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proof = models.CharField("preuve (n° de LRAR, accusé)", max_length=100, blank=True)
    sent_on = models.DateField("envoyé ou constaté le", null=True, blank=True)
    received_on = models.DateField("reçu le", null=True, blank=True)
    meeting_on = models.DateField("date de convocation", null=True, blank=True)
    deadline = models.DateField("échéance", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)

    class Meta:
        verbose_name = "étape de convocation"
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return self.label


class Marker(models.Model):
    """A batch's "sent" marker (``*_sent_at``): reminders per contract and due date,
    digests per agent. The job writes it with the notice, in one transaction."""

    kind = models.CharField("type", max_length=64)
    key = models.CharField("clé", max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, null=True, related_name="+"
    )
    sent_at = models.DateTimeField("envoyé le")

    class Meta:
        verbose_name = "envoi enregistré"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="followup_marker_unique")
        ]
        indexes = [models.Index(fields=["kind", "user", "-sent_at"], name="followup_marker_user")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class ZoningSeen(models.Model):
    """When a signatory last looked at the zoning notices of their contract."""

    contract = models.ForeignKey("contracts.Contract", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField("vu le")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contract", "user"], name="followup_zoning_seen")
        ]

    def __str__(self) -> str:
        return f"Zonage vu le {self.seen_at:%d/%m/%Y}"
