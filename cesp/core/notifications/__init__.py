"""Notifications: kinds declared by the apps, opt-out, an outbox sent after commit.

- ``registry``: each kind is declared once in code (code, French label, audience,
  ``mandatory`` flag, subject and body templates) and registered by its app's
  ``AppConfig.ready()``;
- ``services.notify(kind, recipient, context, idempotency_key=…)`` writes the message in
  the caller's transaction (one per key: a DB constraint) and enqueues its sending after
  commit; ``services.set_opt_outs`` refuses to opt out of a mandatory kind;
- ``outbox``: sending by e-mail (Django's mail API), retries with backoff, never twice;
- ``tasks``: the django-tasks task the worker runs; ``send_outbox`` sweeps what is due.
See docs/notifications.md.
"""
