"""The worker's task (django-tasks, database backend in production: ``manage.py db_worker``).

``services.notify`` enqueues ``deliver`` after its transaction commits; ``send_outbox``
(scheduled) sends whatever is still due: retries after backoff, or a message whose
enqueue was lost."""

from __future__ import annotations

from django_tasks import task

from . import outbox


@task()
def deliver(message_id: int) -> str | None:
    return outbox.send_one(message_id)
