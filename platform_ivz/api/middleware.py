"""405 for every method but GET and HEAD under /api/v1/, before anything else runs.

Ahead of core's AllowedMethodsMiddleware, which lets the pages' POST through and names it in
its Allow header: the API only reads, so its Allow header says GET and HEAD, and the answer
is problem details like every other error of the API (platform_ivz/api/problems.py).
"""

from http import HTTPStatus

from django.http import JsonResponse
from django.utils.translation import gettext as _

from platform_ivz.api.problems import PROBLEM_JSON

API_PREFIX = "/api/v1/"
API_METHODS = ("GET", "HEAD")


def problem(request, status: HTTPStatus, detail: str) -> JsonResponse:
    return JsonResponse(
        {
            "type": "about:blank",
            "title": status.phrase,
            "status": status.value,
            "detail": detail,
            "instance": request.path,
        },
        status=status.value,
        content_type=PROBLEM_JSON,
    )


class ApiMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX) and request.method not in API_METHODS:
            response = problem(
                request, HTTPStatus.METHOD_NOT_ALLOWED, _("The API only reads: use GET.")
            )
            response["Allow"] = ", ".join(API_METHODS)
            return response
        return self.get_response(request)
