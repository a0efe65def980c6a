"""The client's address, also behind the TLS proxy production requires.

Behind a proxy REMOTE_ADDR is the proxy's address; the client's is in X-Forwarded-For, which
each proxy appends to. Anyone can send that header, so it is read only when the request came
from a proxy named in settings.TRUSTED_PROXIES (DJANGO_TRUSTED_PROXIES), and then from the
right: the rightmost address that is not a trusted proxy is the client (whatever the client
put further left itself is ignored). Without trusted proxies (the default) the header is
ignored. The security log and django-axes (AXES_CLIENT_IP_CALLABLE) both use this.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse(value: str) -> Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _is_trusted(address: Address) -> bool:
    return any(
        address in ipaddress.ip_network(entry, strict=False) for entry in settings.TRUSTED_PROXIES
    )


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address as text, or None if the request has none."""
    address = _parse(request.META.get("REMOTE_ADDR", ""))
    if address is None or not _is_trusted(address):
        return str(address) if address is not None else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed(forwarded.split(",") if forwarded else []):
        hop_address = _parse(hop)
        if hop_address is None:
            break  # not an address: the last proxy's word is all that can be trusted
        address = hop_address
        if not _is_trusted(address):
            break
    return str(address)
