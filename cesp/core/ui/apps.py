from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "cesp.core.ui"
    label = "ui"
    verbose_name = "Kit d'interface"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from dsfr.models import DsfrConfig

        from .site_config import clear

        post_save.connect(clear, sender=DsfrConfig, dispatch_uid="cesp-site-config-saved")
        post_delete.connect(clear, sender=DsfrConfig, dispatch_uid="cesp-site-config-deleted")
