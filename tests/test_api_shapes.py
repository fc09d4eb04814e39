"""Every /api/ body is what the OpenAPI document declares, key by key.

Each route in ``/api/openapi.json`` is called on the seeded sample database (the
reads as a QA lead and as a marketer, the writes once each) and its body is walked
against the route's declared 200 schema: every object key must be a declared
property (or match a declared ``patternProperties`` name), every required key must
be there, every value must have a declared type. A route the test does not call
fails it, so a new route or a new report column cannot go undeclared again.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from callqa.cli import app as cli
from tests.web_server import call_ids, client_for, make_app

_TYPES = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
    "array": list,
    "object": dict,
}


def undeclared(value, schema: dict, schemas: dict, where: str = "body") -> list[str]:
    """Where ``value`` departs from ``schema`` (an OpenAPI 3.1 schema): one line each."""
    if "$ref" in schema:
        return undeclared(value, schemas[schema["$ref"].rsplit("/", 1)[1]], schemas, where)
    if "anyOf" in schema:
        tries = [undeclared(value, s, schemas, where) for s in schema["anyOf"]]
        return min(tries, key=len)
    if "const" in schema and value != schema["const"]:
        return [f"{where}: {value!r} is not {schema['const']!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} is not one of {schema['enum']}"]
    kind = schema.get("type")
    if kind is None:
        return [f"{where}: the schema declares no type: {schema}"]
    if isinstance(value, bool) and kind in ("integer", "number"):
        return [f"{where}: {value!r} is a boolean, declared {kind}"]
    if not isinstance(value, _TYPES[kind]):
        return [f"{where}: {value!r} is not {kind}"]
    if kind == "array":
        items = schema.get("items", {})
        return [
            e for i, v in enumerate(value) for e in undeclared(v, items, schemas, f"{where}[{i}]")
        ]
    if kind != "object":
        return []
    errors = [
        f"{where}: {key} is missing" for key in schema.get("required", ()) if key not in value
    ]
    properties = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    extra = schema.get("additionalProperties")
    for key, v in value.items():
        inner = f"{where}.{key}"
        if key in properties:
            errors += undeclared(v, properties[key], schemas, inner)
        elif matching := [s for p, s in patterns.items() if re.search(p, key)]:
            errors += undeclared(v, matching[0], schemas, inner)
        elif isinstance(extra, dict):  # a mapping: its keys are data, its values declared
            errors += undeclared(v, extra, schemas, inner)
        else:
            errors.append(f"{inner} is not declared")
    return errors


def test_the_walk_finds_an_undeclared_key_and_a_wrong_type():
    schemas = {
        "Row": {
            "type": "object",
            "properties": {"calls": {"type": "integer"}},
            "required": ["calls"],
            "patternProperties": {"^pass_rate_": {"anyOf": [{"type": "number"}, {"type": "null"}]}},
            "additionalProperties": False,
        }
    }
    row = {"$ref": "#/components/schemas/Row"}
    assert undeclared({"calls": 3, "pass_rate_intro": None}, row, schemas) == []
    assert undeclared({"calls": 3, "form": 0.5}, row, schemas) == ["body.form is not declared"]
    assert undeclared({"calls": "3"}, row, schemas) == ["body.calls: '3' is not integer"]
    assert undeclared({"pass_rate_x": 1}, row, schemas) == ["body: calls is missing"]


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    folder = tmp_path_factory.mktemp("api-shapes")
    return make_app(folder), folder / "config.yaml"


def _bodies(app) -> dict[tuple[str, str], list]:
    """(method, OpenAPI path) -> the bodies the test got from it."""
    lan, csrf = client_for(app, "lan")
    mai, _ = client_for(app, "mai")
    headers = {"X-CSRF-Token": csrf}
    ids = call_ids(lan)
    call = ids["en_solar_poor_09"]
    detail = lan.get(f"/api/calls/{call}").json()
    item = detail["score"]["items"][0]["id"]
    flag = lan.get("/api/flags").json()[0]["id"]

    def ok(response):
        assert response.status_code == 200, (response.request.url, response.text)
        return response.json()

    writes = {
        "/api/calls/{recording_id}/items/{item_id}/override": (
            f"/api/calls/{call}/items/{item}/override",
            {"verdict": "met", "reason": "said at 0:20"},
        ),
        "/api/calls/{recording_id}/score/override": (
            f"/api/calls/{call}/score/override",
            {"score": 80, "reason": "the recording cut the close"},
        ),
        "/api/calls/{recording_id}/fit/override": (
            f"/api/calls/{call}/fit/override",
            {"fit": "wrong", "reason": "the customer rents"},
        ),
        "/api/flags/{flag_id}/review": (f"/api/flags/{flag}/review", {"reason": "checked"}),
    }
    bodies: dict[tuple[str, str], list] = {
        ("post", path): [ok(lan.post(url, json=body, headers=headers))]
        for path, (url, body) in writes.items()
    }
    reads = {
        "/api/me": ["/api/me"],
        "/api/flags": ["/api/flags"],
        "/api/calls": ["/api/calls"],
        "/api/calls/{recording_id}": [f"/api/calls/{c}" for c in ids.values()],
        "/api/reports/reps": ["/api/reports/reps"],
        "/api/reports/campaigns": [
            f"/api/reports/campaigns?by={by}" for by in ("campaign", "source", "rep", "month")
        ],
    }
    for path, urls in reads.items():  # after the writes: reviewed values in the bodies
        bodies["get", path] = [ok(client.get(url)) for url in urls for client in (lan, mai)]
    return bodies


def test_every_api_body_is_declared_in_the_openapi_document(web):
    app, _ = web
    client, _ = client_for(app, "lan")
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    bodies = _bodies(app)
    routes = {(m, p) for p, methods in document["paths"].items() for m in methods}
    assert routes == set(bodies), "a route the test does not call, or one that is gone"
    for (method, path), got in bodies.items():
        declared = document["paths"][path][method]["responses"]["200"]["content"]
        schema = declared["application/json"]["schema"]
        for body in got:
            assert undeclared(body, schema, schemas) == [], (method, path)


def _cli(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_the_report_routes_return_the_rows_the_cli_writes(web):
    """The persona columns are in the API's report rows, as ``--format json`` has them."""
    app, config = web
    client, _ = client_for(app, "mai")
    for by in ("campaign", "month"):
        api = client.get(f"/api/reports/campaigns?by={by}").json()["rows"]
        cli_rows = _cli(
            "report", "campaigns", "--by", by, "--format", "json", "--config", str(config)
        )
        assert [{k: v for k, v in r.items() if k != "lead_ids"} for r in api] == cli_rows
    total = api[-1]
    assert total["month"] == "TOTAL" and 0 < total["form_completeness"] <= 1
    shares = total["fit_right_rate"] + total["fit_wrong_rate"] + total["fit_unknown_rate"]
    assert total["persona_leads"] > 0 and shares == pytest.approx(1)
    assert total["persona_recording_ids"]
    reps = client.get("/api/reports/reps").json()
    assert reps == _cli("report", "reps", "--format", "json", "--config", str(config))
    assert any(r["form_calls"] for r in reps)
    assert any(r["not_collected"] for r in reps)


def test_a_marketer_still_gets_phone_numbers_masked(web):
    app, _ = web
    lan, _ = client_for(app, "lan")
    mai, _ = client_for(app, "mai")
    phones = 0
    for call in call_ids(lan).values():
        whole = (lan.get(f"/api/calls/{call}").json()["lead"] or {}).get("phone")
        masked = (mai.get(f"/api/calls/{call}").json()["lead"] or {}).get("phone")
        if whole:
            phones += 1
            digits = "".join(c for c in whole if c.isdigit())
            assert masked.endswith(digits[-3:]) and set(masked[:-3]) == {"*"}
    assert phones
