"""Prefect 3 flows and tasks: thin wrappers that call qa and save through models.

Import :mod:`flows.prefect_env` and call ``configure_prefect`` before importing
any module here that imports Prefect, so its home and settings are in place.
"""
