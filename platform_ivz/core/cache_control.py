"""`Cache-Control: no-store` on every page a signed-in user sees and on every download.

Pages with personal data, attachments, exports and PDFs must not stay behind in a shared
proxy or in the browser's cache once the user has signed out (BIO, OWASP ASVS 8.2.1).
Static files are answered by WhiteNoise before this middleware and stay cacheable; the
sign-in page is `never_cache` already.
"""

from django.utils.cache import add_never_cache_headers

DOWNLOAD_TYPES = (
    "application/pdf",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.ms-excel",
    "application/octet-stream",
)


def is_download(response) -> bool:
    content_type = response.get("Content-Type", "")
    disposition = response.get("Content-Disposition", "")
    return content_type.startswith(DOWNLOAD_TYPES) or disposition.startswith("attachment")


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or is_download(response):
            add_never_cache_headers(response)
        return response
