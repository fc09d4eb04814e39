"""callqa's domain library: audio in, transcripts, scores and metrics out.

A plain library: it never imports Prefect, touches the database or reads the
environment. The CLI, flows and web layer pass facts in and translate the
exceptions in :mod:`qa.errors`.
"""
