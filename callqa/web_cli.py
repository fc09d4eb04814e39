"""``callqa serve`` and ``callqa users``: the review web app's commands.

Registered on the main app at the end of callqa/cli.py, so this module does not
import cli.py at import time; the shared options come from callqa/options.py.
The web stack is imported only when one of these commands runs.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from callqa.options import ConfigOpt, DbOpt

users_app = typer.Typer(help="Accounts for the review web app.", no_args_is_help=True)


class Role(StrEnum):
    qa_lead = "qa_lead"
    coach = "coach"
    marketer = "marketer"
    admin = "admin"


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[Role, typer.Option("--role", help="qa_lead, coach, marketer or admin.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin's first line.")
    ] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Add a web app user; the password is prompted for (or read from stdin) and stored hashed."""
    from app.web import add_user
    from callqa.cli import _fail, _settings, console
    from models.accounts import AccountError, normalise_name

    settings = _settings(config, db)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        add_user(settings, name=name, role=role.value, password=password)
    except AccountError as exc:
        _fail(str(exc))
    console.print(f"added {normalise_name(name)} ({role.value})", highlight=False)


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="Mark cookies Secure (serving over HTTPS).")
    ] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Serve the review web app (flag queue, calls, coaching, marketing, JSON API)."""
    import uvicorn

    from app.web import create_web_app
    from callqa.cli import _settings, console

    settings = _settings(config, db)
    app = create_web_app(settings, secure_cookies=secure_cookies)
    console.print(f"callqa review on http://{host}:{port}/ (Ctrl+C stops)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
