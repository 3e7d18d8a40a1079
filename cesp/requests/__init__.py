"""Signatories' requests (suspensions, deferral, change of place, sixth-year wishes)
instructed and decided online (issue 11).
"""
