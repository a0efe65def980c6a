"""Helpers of the API's tests (no test module imports another: tests/core)."""

import datetime

from django.utils import timezone

from platform_ivz.api import tokens


def make_token(user, days: int = 30, name: str = "dashboard") -> str:
    expires_on = timezone.localdate() + datetime.timedelta(days=days)
    return tokens.create_token(user=user, name=name, expires_on=expires_on).raw


def api_get(client, url, token=None, **extra):
    if token is not None:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.get(url, **extra)


def is_problem(response, status: int) -> bool:
    if response.status_code != status:
        return False
    body = response.json()
    return (
        response["Content-Type"].startswith("application/problem+json")
        and body["status"] == status
        and {"type", "title", "detail", "instance"} <= set(body)
    )


def generated_schema() -> dict:
    """The OpenAPI schema as `manage.py spectacular` writes it (in the app's language)."""
    from django.conf import settings
    from django.utils import translation
    from drf_spectacular.generators import SchemaGenerator

    with translation.override(settings.LANGUAGE_CODE):
        return SchemaGenerator().get_schema(request=None, public=True)
