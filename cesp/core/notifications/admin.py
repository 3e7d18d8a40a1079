from django.contrib import admin

from .models import Message, OptOut


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "recipient", "subject", "status", "attempts", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("subject", "to_email", "idempotency_key")
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "created_at")
