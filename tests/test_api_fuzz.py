"""A bounded schemathesis run against the JSON API: no input makes it answer 5xx.

Every operation in ``/api/openapi.json`` gets Hypothesis-generated requests
(path numbers, query strings and bodies, valid and not), sent by a signed-in
QA lead with the CSRF token; a few hundred requests in all, well under a
minute. Hypothesis derandomised, so a run is repeatable.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web_server import client_for, make_app

EXAMPLES_PER_OPERATION = 40


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("api-fuzz"))


def test_no_generated_request_gets_a_server_error(app):
    client, csrf = client_for(app, "lan")
    schema = schemathesis.openapi.from_dict(client.get("/api/openapi.json").json())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    sent: list[tuple[str, int]] = []

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), nan=st.booleans())
        def check(case, nan):
            kwargs = case.as_transport_kwargs(base_url="http://testserver")
            if nan and isinstance(kwargs.get("json"), dict) and "score" in kwargs["json"]:
                kwargs["json"] = None
                kwargs["content"] = '{"score": NaN, "reason": "x"}'
            headers = {**(kwargs.pop("headers", None) or {}), "X-CSRF-Token": csrf}
            kwargs.pop("cookies", None)
            response = client.request(headers=headers, **kwargs)
            sent.append((f"{case.method} {case.path}", response.status_code))
            assert response.status_code < 500, (case.method, case.formatted_path, response.text)
            if response.headers.get("content-type", "").startswith("application/json"):
                response.json()  # the body is JSON a client can read

        check()

    assert 150 <= len(sent) <= 500
    assert any(code < 300 for _, code in sent) and any(400 <= code < 500 for _, code in sent)
