"""The archive of generated documents: write-once rows."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class DocumentQuerySet(models.QuerySet):
    def about(self, subject: models.Model) -> DocumentQuerySet:
        """The documents generated about ``subject``, newest first."""
        return self.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk)
        )


class Document(models.Model):
    kind = models.CharField("type", max_length=64, db_index=True)
    title = models.CharField("titre", max_length=200)
    filename = models.CharField("nom de fichier", max_length=200)
    content = models.BinaryField("contenu PDF")
    sha256 = models.CharField("empreinte SHA-256", max_length=64, db_index=True)
    size = models.PositiveIntegerField("taille en octets")
    created_at = models.DateTimeField("généré le", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="généré par",
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="objet (type)"
    )
    subject_id = models.CharField("objet (identifiant)", max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    #: What it was made from: [{"label": French, "model": "app.model", "ids": [...]}, ...]
    facts = models.JSONField("faits utilisés", default=list)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document généré"
        verbose_name_plural = "documents générés"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "kind"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.created_at:%d/%m/%Y})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("un document archivé ne se modifie pas")
        super().save(*args, **kwargs)
