from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "cesp.core.documents"
    label = "core_documents"
    verbose_name = "documents générés"
