from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cesp.core.notifications"
    label = "notifications"
    verbose_name = "Notifications"
