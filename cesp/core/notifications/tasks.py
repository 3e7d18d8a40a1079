"""The worker's task (django-tasks, database backend in production: ``manage.py db_worker``).

``services.notify`` enqueues ``deliver`` once its transaction commits (one task for all
the messages of that transaction); ``send_outbox``
(scheduled) sends whatever is still due: retries after backoff, or a message whose
enqueue was lost."""

from __future__ import annotations

from django_tasks import task

from . import outbox


@task()
def deliver(message_ids: list[int]) -> dict[str, int]:
    """Send these messages (those still due); counts per resulting status."""
    counts: dict[str, int] = {}
    for message_id in message_ids:
        status = outbox.send_one(message_id)
        if status is not None:
            counts[status] = counts.get(status, 0) + 1
    return counts
