"""Generated documents: HTML templates rendered to PDF (WeasyPrint) and archived.

Every document a user downloads is kept as generated: its kind, French title, the PDF
bytes, their SHA-256, who generated it and when, the object it is about and the facts
(model and ids) it was made from, so the same bytes can be downloaded again and checked.

The owning app declares each kind once, with the predicate that says who may read it
(``kinds.register``); it then calls ``services.render_document``. The pages of an archived
document (``views``) ask that predicate and answer 404 outside it.
"""
