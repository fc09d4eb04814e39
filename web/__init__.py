"""The cross-team review web app (``callqa serve``)."""
