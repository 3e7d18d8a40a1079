"""Scheduled jobs: idempotent management commands, dry run by default, one run at a time.

``base.JobCommand`` is the base of every scheduled command: ``--apply`` to write (a dry
run otherwise), a lease lock so that two runs of the same job never overlap, and a
``JobRun`` row per run (docs/jobs.md).
"""
