"""Errors as problem details (RFC 9457, application/problem+json), for every error the API
answers: 400 (a filter's value), 401, 403, 404, 405, 406 and 429."""

from http import HTTPStatus

from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_JSON = "application/problem+json"


class InvalidParamSerializer(serializers.Serializer):
    name = serializers.CharField()
    reason = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """A problem (RFC 9457)."""

    type = serializers.CharField(help_text="A URI for the kind of problem; `about:blank` here.")
    title = serializers.CharField(help_text="The HTTP status in words.")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong, for people.")
    instance = serializers.CharField(help_text="The path of the request.")
    invalid_params = InvalidParamSerializer(
        many=True, required=False, help_text="With 400: each parameter with an invalid value."
    )


def _text(value) -> str:
    if isinstance(value, list | tuple):
        return " ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values())
    return str(value)


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's own handling (and its logging)
    status = response.status_code
    request = context.get("request")
    problem = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": "",
        "instance": request.path if request is not None else "",
    }
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        problem["detail"] = _("One or more parameters have an invalid value.")
        problem["invalid_params"] = [
            {"name": str(name), "reason": _text(reasons)} for name, reasons in response.data.items()
        ]
    else:
        problem["detail"] = _text(
            response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        )
    response.data = problem
    response.content_type = PROBLEM_JSON
    return response
