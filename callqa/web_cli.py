"""``callqa serve`` and ``callqa users``: the review web app's commands.

Registered on the main app at the end of callqa/cli.py, so this module does not
import cli.py at import time; the shared options come from callqa/options.py.
The web stack is imported only when one of these commands runs.
"""

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
    from callqa.app.web import add_user
    from callqa.cli import _fail, _settings, console
    from callqa.models.accounts import AccountError, normalise_name

    settings = _settings(config, db)
    password = _read_password(password_stdin)
    try:
        add_user(settings, name=name, role=role.value, password=password)
    except AccountError as exc:
        _fail(str(exc))
    console.print(f"added {normalise_name(name)} ({role.value})", highlight=False)


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_app.command("list")
def users_list(config: ConfigOpt = None, db: DbOpt = None) -> None:
    """List the web app's users: name, role, active, created."""
    from rich.table import Table

    from callqa.app.web import list_users
    from callqa.cli import _settings, console

    table = Table(box=None, pad_edge=False)
    for column in ("name", "role", "active", "created (UTC)"):
        table.add_column(column)
    for user in list_users(_settings(config, db)):
        created = user.created_at.strftime("%Y-%m-%d %H:%M")
        table.add_row(user.name, user.role, "yes" if user.active else "no", created)
    console.print(table)


def _change(config, db, change) -> None:
    """Run ``change(settings)``; a refused change exits with code 2."""
    from callqa.cli import _fail, _settings
    from callqa.models.accounts import AccountError

    settings = _settings(config, db)
    try:
        change(settings)
    except AccountError as exc:
        _fail(str(exc))


@users_app.command("set-role")
def users_set_role(
    name: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[Role, typer.Argument(help="qa_lead, coach, marketer or admin.")],
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Change a user's role (the last active admin keeps the admin role)."""
    from callqa.app.web import set_role
    from callqa.cli import console

    _change(config, db, lambda settings: set_role(settings, name=name, role=role.value))
    console.print(f"{name} is now {role.value}", highlight=False)


@users_app.command("reset-password")
def users_reset_password(
    name: Annotated[str, typer.Argument(help="Sign-in name.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin's first line.")
    ] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Set a new password for a user (stored hashed); their open sessions are closed."""
    from callqa.app.web import reset_password
    from callqa.cli import console

    _change(
        config,
        db,
        lambda settings: reset_password(
            settings, name=name, password=_read_password(password_stdin)
        ),
    )
    console.print(f"new password set for {name}", highlight=False)


@users_app.command("disable")
def users_disable(
    name: Annotated[str, typer.Argument(help="Sign-in name.")],
    enable: Annotated[bool, typer.Option("--enable", help="Switch the user on again.")] = False,
    config: ConfigOpt = None,
    db: DbOpt = None,
) -> None:
    """Deactivate a user (signs them out); never the last active admin. --enable undoes it."""
    from callqa.app.web import set_active
    from callqa.cli import console

    _change(config, db, lambda settings: set_active(settings, name=name, active=enable))
    console.print(f"{name} {'enabled' if enable else 'disabled'}", highlight=False)


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

    from callqa.app.web import create_web_app
    from callqa.cli import _settings, console

    settings = _settings(config, db)
    app = create_web_app(settings, secure_cookies=secure_cookies)
    console.print(f"callqa review on http://{host}:{port}/ (Ctrl+C stops)", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)
