"""Facts written once: a model whose rows are never updated nor deleted, through the model
or through its querysets (the audit log, contract events). A correction is a new row."""

from __future__ import annotations

from typing import Any

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    """``update()`` and ``delete()`` refuse, with the model's own error and message."""

    def update(self, **kwargs: Any):  # type: ignore[override]
        raise self.model.append_only_error(self.model.update_refused)

    def delete(self):  # type: ignore[override]
        raise self.model.append_only_error(self.model.delete_refused)


class AppendOnly(models.Model):
    """Abstract base: a saved row cannot be saved again nor deleted.

    A subclass names the exception raised and its two French messages.
    """

    append_only_error: type[Exception] = Exception
    update_refused = "Cette donnée ne se modifie pas."
    delete_refused = "Cette donnée ne se supprime pas."

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise self.append_only_error(self.update_refused)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any):
        raise self.append_only_error(self.delete_refused)
