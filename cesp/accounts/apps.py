from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cesp.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save, pre_save

        from cesp.core.audiences import register_resolver

        from .models import User
        from .permissions import audiences
        from .sessions import end_sessions_when_deactivated, note_reactivation, stamp_login

        register_resolver(audiences)
        user_logged_in.connect(stamp_login, dispatch_uid="cesp_stamp_login")
        pre_save.connect(note_reactivation, sender=User, dispatch_uid="cesp_note_reactivation")
        post_save.connect(
            end_sessions_when_deactivated, sender=User, dispatch_uid="cesp_end_sessions"
        )
