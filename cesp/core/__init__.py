"""The kernel: what every domain app shares, importing no domain app.

Floor 2 of the layers (docs/architecture.md): it may import ``cesp.rules`` and Django,
never ``contracts``, ``territories``, ``observatory``, ``web`` or a later domain.
Each part is a package of its own (a Django app where it holds models):

- ``audit``: the hash-chained audit log;
- ``audiences``: the groups a kernel feature serves (resolved from roles by accounts);
- ``notifications``: kinds, outbox, mail, stored copies;
- ``jobs``: scheduled idempotent commands, their lock and their runs;
- ``documents``: HTML templates rendered to PDF and archived with their SHA-256;
- ``tabular``: one reader for CSV, XLSX and .gz with limits, one report of issues;
- ``geography``: communes, departments and regions, found by name or postal code;
- ``ui``: the DSFR form kit and the "pourquoi ?" view-model and tag.
"""
