"""The UI kit shared by every app's pages (a Django app: it ships templates and tags).

- ``forms``: ``DsfrFormMixin`` (DSFR classes on widgets), ``DateInput`` (native picker);
- ``explain``: the "pourquoi ?" view-model reshaping the engine's explanation steps;
- ``templatetags/cesp_why``: ``{% why steps "id" "label" %}``;
- templates ``ui/field.html``, ``ui/form_errors.html``, ``ui/why.html``, ``ui/htmx.html``.

Kernel (floor 2): imports ``cesp.rules``, ``cesp.core`` and Django only.
"""
