"""The API fuzzed against its own OpenAPI schema with Schemathesis: every operation, with
generated parameters (valid and invalid ones), answers no 5xx, only status codes and content
types the schema documents, and bodies that match it. A modest, derandomized number of
examples keeps CI fast and repeatable."""

import pytest
import schemathesis
import yaml
from django.test.client import ClientHandler
from drf_spectacular.renderers import OpenApiYamlRenderer
from hypothesis import HealthCheck, settings

from platform_ivz.api.throttling import TokenRateThrottle
from tests.api import schemathesis_world
from tests.api.helpers import generated_schema, make_token

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 25


def wsgi_app(environ, start_response):
    """Django as a WSGI application, as the test client runs it: in the test's transaction
    (the plain WSGIHandler would close the connection after each request)."""
    response = ClientHandler(enforce_csrf_checks=True)(environ)
    start_response(
        f"{response.status_code} {response.reason_phrase}",
        [(name, value) for name, value in response.items()],
    )
    return [response.content]


def api_schema():
    """The schema as docs/openapi.yaml holds it (tests/api/test_schema.py)."""
    rendered = OpenApiYamlRenderer().render(generated_schema(), renderer_context={})
    loaded = schemathesis.openapi.from_dict(yaml.safe_load(rendered))
    loaded.app = wsgi_app  # every request, the checks' own too, goes to the app in-process
    return loaded


@pytest.fixture
def token(db, regiocoordinator, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"api": "100000/hour"})
    schemathesis_world.build(regiocoordinator)
    return make_token(regiocoordinator)


schema = api_schema()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_schema(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, headers={"Authorization": f"Bearer {token}"})
