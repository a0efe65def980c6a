"""What the OpenAPI schema says beyond what drf-spectacular reads from the views: the token
scheme, the error responses (problem details) and the parameters every list shares."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from platform_ivz.api.problems import PROBLEM_JSON, ProblemSerializer

MAX_ID = 2**63 - 1


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "platform_ivz.api.authentication.BearerTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (Account → API tokens), as "
            "`Authorization: Bearer ivz_...`.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "platform_ivz.api.authentication.SessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "Signed in in the browser (the documentation page's Try it out).",
        }


ERROR_TEXTS = {
    304: "Not modified: the ETag or Last-Modified given still holds.",
    400: "A parameter has an invalid value (see `invalid_params`).",
    401: "No token, or a token that is not valid, has expired or has been revoked.",
    404: "Not found, or not visible to this user; or a page beyond the last.",
    406: "The Accept header asks for a type the API does not answer with.",
    429: "Too many requests for this token: wait the seconds of Retry-After.",
}
COMMON_ERRORS = (401, 406, 429)


def responses(ok, *errors, ok_media=None) -> dict:
    """The responses of an operation: `ok` (200) and the problem details of `errors` and of
    the errors every operation may answer."""
    result = {(200, ok_media) if ok_media else 200: ok}
    for code in sorted({*errors, *COMMON_ERRORS}):
        if code == 304:
            result[304] = OpenApiResponse(description=ERROR_TEXTS[304])
        else:
            result[(code, PROBLEM_JSON)] = OpenApiResponse(
                ProblemSerializer, description=ERROR_TEXTS[code]
            )
    return result


def id_parameter(name="id", description="The object's id.") -> OpenApiParameter:
    return OpenApiParameter(
        name,
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        OpenApiParameter.PATH,
        description=description,
    )


def year_parameter(location=OpenApiParameter.PATH, description="The year.") -> OpenApiParameter:
    return OpenApiParameter(
        "year",
        {"type": "integer", "minimum": 1, "maximum": 9999},
        location,
        description=description,
        required=location == OpenApiParameter.PATH,
    )


def gemeente_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        "gemeente",
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        description="A municipality's id (organisation).",
    )


def choice_parameter(name, choices, description) -> OpenApiParameter:
    return OpenApiParameter(
        name, str, enum=[value for value, _label in choices], description=description
    )


def changed_since_parameter(field: str) -> OpenApiParameter:
    return OpenApiParameter(
        "changed_since",
        OpenApiTypes.DATETIME,
        description=f"Only what changed at or after this moment (ISO 8601; {field}).",
    )


CONDITIONAL_HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        str,
        OpenApiParameter.HEADER,
        description="An ETag of an earlier answer: 304 if it still holds.",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        str,
        OpenApiParameter.HEADER,
        description="An HTTP date: 304 if nothing changed since (where Last-Modified is given).",
    ),
]
