"""The review web app: ``create_app(settings)`` builds it, ``callqa serve`` runs it.

Server-rendered pages (Jinja) for people, a JSON API under ``/api`` (its
OpenAPI document at ``/api/openapi.json``), and every asset served from
``web/static``: nothing comes from a CDN, so there is no Swagger UI page.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from callqa.app.checklists import ItemInfo, item_catalog, label_for
from callqa.app.settings import Settings
from callqa.models.db import get_engine
from callqa.qa.persona.catalog import reason_words
from callqa.qa.persona.configured import load_forms
from callqa.qa.persona.form import PersonaFormError
from callqa.web.auth import AuthMiddleware, is_api
from callqa.web.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    Formats,
    gettext_for,
    request_language,
    translations,
)
from callqa.web.labels import (
    flag_reason,
    item_reason,
    label,
    persona_reason,
    quality_reasons,
)
from callqa.web.security import RowIdGuard, SecurityHeaders
from callqa.web.throttle import LoginThrottle
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"


def create_app(settings: Settings, *, secure_cookies: bool = False) -> FastAPI:
    """The app for one database; ``secure_cookies`` when it is served over HTTPS."""
    from callqa.web import (
        routes_admin,
        routes_api,
        routes_auth,
        routes_calls,
        routes_export,
        routes_lang,
        routes_persona,
        routes_views,
    )

    app = FastAPI(
        title="callqa review",
        description="Review scored calls, flags and reports. Every route needs a session.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = get_engine(settings.db_url)
    app.state.templates = _templates(settings)
    app.state.items = item_catalog(settings.config)
    app.state.secure_cookies = secure_cookies
    app.state.login_throttle = LoginThrottle(app.state.engine)
    app.add_middleware(RowIdGuard)  # inside the auth check: strangers still get 401
    app.add_middleware(AuthMiddleware, engine=app.state.engine)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    routers = (
        routes_lang,
        routes_auth,
        routes_views,
        routes_calls,
        routes_persona,
        routes_export,
        routes_admin,
    )
    for module in (*routers, routes_api):
        app.include_router(module.router)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    return app


def _templates(settings: Settings) -> dict[str, Jinja2Templates]:
    """One template environment per language, each with its catalog and local formats."""
    zone = ZoneInfo(settings.config.timezone)
    catalog = item_catalog(settings.config)
    try:
        reasons = reason_words(load_forms(settings.config).forms())
    except PersonaFormError as exc:  # the persona pages say what is wrong with the form
        logger.warning("persona reasons shown as stored: %s", exc)
        reasons = {}
    return {lang: _environment(lang, zone, catalog, reasons) for lang in LANGUAGES}


def _environment(
    lang: str,
    zone: ZoneInfo,
    catalog: dict[str, ItemInfo],
    reasons: dict[str, dict[str, str]] | None = None,
) -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
    )
    gettext = translations(lang).gettext
    env.install_gettext_translations(translations(lang), newstyle=True)
    fmt = Formats(lang=lang, zone=zone)

    def clock(seconds: float | None) -> str:
        if seconds is None:
            return ""
        minutes, secs = divmod(int(seconds), 60)
        return f"{minutes}:{secs:02d}"

    env.filters.update(
        local=lambda value, seconds=False: fmt.datetime(value, seconds),
        day=fmt.date,
        clock=clock,
        pct=fmt.percent,
        secs=fmt.seconds,
        num=fmt.number,
        money=fmt.money,
        minutes=fmt.duration_min,
        tr=gettext,  # a message chosen at run time (plain text, escaped like any other)
    )
    env.globals.update(
        lang=lang,
        languages=LANGUAGE_NAMES,
        fmt=fmt,
        label=lambda kind, code: label(gettext, kind, code),
        item_label=lambda item_id, stored="": label_for(catalog, item_id, lang, stored),
        item_reason=lambda reason: item_reason(gettext, reason),
        flag_reason=lambda flag: flag_reason(
            gettext,
            flag.kind,
            flag.reason,
            catalog,
            lang,
            fmt.duration_min,
            fmt.number,
            fmt.percent,
        ),
        quality_reasons=lambda found: quality_reasons(gettext, found, fmt.number, fmt.percent),
        persona_reason=lambda text: persona_reason(reasons or {}, lang, text),
    )
    return Jinja2Templates(env=env)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page in the viewer's language, with the signed-in viewer (and its CSRF token)."""
    context.setdefault("viewer", getattr(request.state, "viewer", None))
    templates = request.app.state.templates[request_language(request)]
    return templates.TemplateResponse(request, name, context, status_code=status_code)


async def _http_error(request: Request, exc: StarletteHTTPException):
    if is_api(request.url.path):
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )
    detail = gettext_for(request)(str(exc.detail)) if exc.detail else exc.detail
    return render(request, "error.html", exc.status_code, status=exc.status_code, detail=detail)


def _finite(value: Any) -> Any:
    """JSON-safe: NaN and infinities (refused input echoed back) become their text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


async def _validation_error(request: Request, exc: RequestValidationError):
    if is_api(request.url.path):
        errors = _finite(jsonable_encoder(exc.errors()))
        return JSONResponse({"detail": errors}, status_code=422)
    details = "; ".join(f"{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in exc.errors())
    return render(request, "error.html", 422, status=422, detail=details)
