"""The OpenAPI schema: valid, and the one in the repository (docs/openapi.yaml, what
dashboards build against) is the one the code generates. After a change to the API:
`make openapi`."""

from pathlib import Path

from django.conf import settings
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.validation import validate_schema

from tests.api.helpers import generated_schema

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def test_the_schema_is_valid_openapi():
    validate_schema(generated_schema())


def test_the_committed_schema_is_the_generated_one():
    generated = OpenApiYamlRenderer().render(generated_schema(), renderer_context={})
    assert COMMITTED.read_bytes() == generated, (
        "docs/openapi.yaml differs from the schema the code generates: run `make openapi`."
    )


def test_every_operation_documents_its_errors_as_problem_details():
    schema = generated_schema()
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) == 11
    for operation in operations:
        codes = set(operation["responses"])
        assert {"200", "401", "406", "429"} <= codes, operation["operationId"]
        for code in codes - {"200", "304"}:
            content = operation["responses"][code]["content"]
            assert list(content) == ["application/problem+json"], operation["operationId"]
