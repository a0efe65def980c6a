"""Signing in with the organisation's own account: OpenID Connect, one provider per
organisation (docs/ARCHITECTURE.md §10).

The beheerder configures an IdentityProvider per organisation in the admin; it is read at
every sign-in, so nothing needs a restart. Authlib is the OAuth 2.0 client (authorization URL
with PKCE, the token request); joserfc (Authlib's JOSE library) verifies the ID token against
the provider's published keys. The flow, in order:

1. `authorization_url`: a fresh state, nonce and PKCE verifier are kept in the session (per
   state, so two tabs do not clash; ten minutes at most), and the user is sent to the
   provider's authorization endpoint from its discovery document.
2. `finish`: the callback's state must be one this session started; the code is exchanged
   (with the verifier) at the token endpoint; the ID token's signature, issuer, audience,
   expiry, issue time and nonce are verified (`verify_id_token`).
3. `match_account`: the account is found by the provider's subject, else linked to the one
   active account of that organisation with the same (verified) e-mail address, else created
   without any role. The organisation always comes from the provider configuration; an
   address outside its domains, an unverified one, an inactive account, a superuser and an
   account of another organisation are refused.
4. `sign_in`: the django-axes lockout of the username still applies; the provider's
   multi-factor sign-in counts as the second step only where the provider is marked as
   enforcing it (`second_step_done`), otherwise platform_ivz.core.two_factor asks for the
   app's own code as after a password.

Every refusal raises SignInRefused and is written to the security log (SSO_FAILED, with the
reason); links and created accounts are logged too (SSO_LINKED, SSO_ACCOUNT_CREATED).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from authlib.integrations.requests_client import OAuth2Session
from axes.handlers.proxy import AxesProxyHandler
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.contrib.auth import login
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from platform_ivz.core.audit import AuditEvent, record
from platform_ivz.core.models import ExternalIdentity, IdentityProvider, User
from platform_ivz.core.roles import Role

SCOPE = "openid email profile"
# Signature algorithms accepted on an ID token: asymmetric only (never "none", never HS*).
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"]
FLOW_KEY = "_sso_flows"
SESSION_KEY = "_sso"
FLOW_TTL = 600  # seconds a started sign-in may take at the provider
MAX_FLOWS = 5
CLOCK_LEEWAY = 60  # seconds of clock difference tolerated on exp and iat
METADATA_TTL = 3600
HTTP_TIMEOUT = 10
MFA_AMR = "mfa"  # RFC 8176


class SignInRefused(Exception):  # noqa: N818 - it is a refusal, not a programming error
    """A sign-in through the organisation that must not go on; `reason` is a key of
    platform_ivz.core.models.SSO_REFUSAL_REASONS."""

    def __init__(self, reason: str, *, provider=None, username: str = "", detail=None):
        super().__init__(reason)
        self.reason = reason
        self.provider = provider
        self.username = username
        self.detail = detail or {}


def refuse(request, refusal: SignInRefused) -> None:
    """Write a refusal to the security log."""
    detail = {"reason": refusal.reason, **refusal.detail}
    if refusal.provider is not None:
        detail["via"] = str(refusal.provider.organisation)
    record(
        AuditEvent.Event.SSO_FAILED,
        request=request,
        username=refusal.username[:150],
        result=AuditEvent.Result.FAILURE,
        detail=detail,
    )


# --- The client secret, encrypted at rest --------------------------------------------------


def _fernet() -> MultiFernet:
    """The first key encrypts, every key decrypts (so keys can be rotated)."""
    keys = settings.SSO_ENCRYPTION_KEYS
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest())) for key in keys]
    )


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode() if secret else ""


def decrypt_secret(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise SignInRefused("token", detail={"error": "client secret not decryptable"}) from error


# --- The provider's published configuration --------------------------------------------------


def metadata(provider: IdentityProvider) -> dict:
    """The provider's discovery document (cached an hour); its issuer must be the configured one."""
    issuer = provider.issuer.rstrip("/")
    key = "sso:metadata:" + hashlib.sha256(provider.issuer.encode()).hexdigest()
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(
                issuer + "/.well-known/openid-configuration", timeout=HTTP_TIMEOUT
            )
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise SignInRefused("unreachable", provider=provider) from error
        if document.get("issuer") != provider.issuer:
            raise SignInRefused(
                "unreachable", provider=provider, detail={"error": "issuer mismatch"}
            )
        cache.set(key, document, METADATA_TTL)
    return document


def signing_keys(document: dict, *, refresh: bool = False) -> KeySet:
    """The provider's public keys (cached an hour; fetched anew for a key not seen yet)."""
    key = "sso:jwks:" + hashlib.sha256(document["jwks_uri"].encode()).hexdigest()
    keys = None if refresh else cache.get(key)
    if keys is None:
        response = requests.get(document["jwks_uri"], timeout=HTTP_TIMEOUT)
        response.raise_for_status()
        keys = response.json()
        cache.set(key, keys, METADATA_TTL)
    return KeySet.import_key_set(keys)


# --- The ID token ----------------------------------------------------------------------------


def verify_id_token(
    id_token: str, *, keys: KeySet, issuer: str, client_id: str, nonce: str, now=None
) -> dict:
    """The ID token's claims, after checking its signature, issuer, audience (and authorised
    party), expiry, issue time and nonce. Raises JoseError (or ValueError) otherwise."""
    token = jwt.decode(id_token, keys, algorithms=ALGORITHMS)
    registry = jwt.JWTClaimsRegistry(
        now=now,
        leeway=CLOCK_LEEWAY,
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": client_id},
        exp={"essential": True},
        iat={"essential": True},
        sub={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    registry.validate(token.claims)
    claims = token.claims
    audience = claims["aud"]
    if isinstance(audience, list) and len(audience) > 1 and claims.get("azp") != client_id:
        raise ValueError("azp is not this client")
    if now is None and claims["iat"] > time.time() + CLOCK_LEEWAY:
        raise ValueError("issued in the future")
    return claims


# --- The flow ------------------------------------------------------------------------------


def callback_url(request) -> str:
    return request.build_absolute_uri(reverse("core:sso_callback"))


def _flows(request) -> dict:
    now = time.time()
    flows = {
        state: flow
        for state, flow in request.session.get(FLOW_KEY, {}).items()
        if flow["started"] + FLOW_TTL > now
    }
    return flows


def authorization_url(request, provider: IdentityProvider, *, next_url: str = "") -> str:
    """Start a sign-in at `provider`: where to send the browser."""
    document = metadata(provider)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)
    flows = _flows(request)
    while len(flows) >= MAX_FLOWS:
        flows.pop(min(flows, key=lambda s: flows[s]["started"]))
    flows[state] = {
        "provider": provider.pk,
        "nonce": nonce,
        "verifier": verifier,
        "next": next_url,
        "started": time.time(),
    }
    request.session[FLOW_KEY] = flows
    client = OAuth2Session(
        provider.client_id,
        scope=SCOPE,
        redirect_uri=callback_url(request),
        code_challenge_method="S256",
    )
    url, _state = client.create_authorization_url(
        document["authorization_endpoint"], state=state, code_verifier=verifier, nonce=nonce
    )
    return url


@dataclass
class Outcome:
    provider: IdentityProvider
    claims: dict
    id_token: str
    next_url: str


def finish(request) -> Outcome:
    """Check the provider's answer on the callback and verify its ID token."""
    flows = _flows(request)
    flow = flows.pop(request.GET.get("state", ""), None)
    request.session[FLOW_KEY] = flows
    if flow is None:
        raise SignInRefused("state")
    provider = (
        IdentityProvider.objects.select_related("organisation")
        .filter(pk=flow["provider"], enabled=True, organisation__active=True)
        .first()
    )
    if provider is None:
        raise SignInRefused("disabled")
    if "error" in request.GET or not request.GET.get("code"):
        raise SignInRefused(
            "provider_error",
            provider=provider,
            detail={"error": request.GET.get("error", "no code")[:60]},
        )
    document = metadata(provider)
    client = OAuth2Session(
        provider.client_id,
        decrypt_secret(provider.client_secret_encrypted),
        redirect_uri=callback_url(request),
        code_challenge_method="S256",
    )
    try:
        token = client.fetch_token(
            document["token_endpoint"],
            grant_type="authorization_code",
            code=request.GET["code"],
            code_verifier=flow["verifier"],
            timeout=HTTP_TIMEOUT,
        )
    except Exception as error:  # noqa: BLE001 - any failure of the exchange is a refusal
        raise SignInRefused(
            "token", provider=provider, detail={"error": type(error).__name__}
        ) from error
    id_token = token.get("id_token")
    if not id_token:
        raise SignInRefused("id_token", provider=provider, detail={"error": "no ID token"})
    verify = {
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "nonce": flow["nonce"],
    }
    try:
        try:
            claims = verify_id_token(id_token, keys=signing_keys(document), **verify)
        except JoseError:  # perhaps a key the provider rotated in since: fetch them once more
            claims = verify_id_token(id_token, keys=signing_keys(document, refresh=True), **verify)
    except (JoseError, ValueError, requests.RequestException) as error:
        raise SignInRefused(
            "id_token", provider=provider, detail={"error": type(error).__name__}
        ) from error
    claims = _with_userinfo(provider, document, token, claims)
    return Outcome(provider, claims, id_token, flow["next"])


def _with_userinfo(provider, document, token, claims) -> dict:
    """Add the userinfo endpoint's claims where the ID token lacks the e-mail claim (many
    providers put only `sub` in it for the code flow). Its `sub` must be the ID token's
    (OpenID Connect Core §5.3.2); the ID token's own claims are never overridden."""
    endpoint = document.get("userinfo_endpoint")
    if provider.email_claim in claims or not endpoint or not token.get("access_token"):
        return claims
    try:
        response = requests.get(
            endpoint,
            headers={"Authorization": f"Bearer {token['access_token']}"},
            timeout=HTTP_TIMEOUT,
        )
        response.raise_for_status()
        userinfo = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SignInRefused(
            "token", provider=provider, detail={"error": "userinfo unavailable"}
        ) from error
    if not isinstance(userinfo, dict) or userinfo.get("sub") != claims["sub"]:
        raise SignInRefused("id_token", provider=provider, detail={"error": "userinfo sub"})
    return {**userinfo, **claims}


# --- The account ---------------------------------------------------------------------------


def _email(provider: IdentityProvider, claims: dict) -> str:
    value = claims.get(provider.email_claim)
    email = value.strip().lower() if isinstance(value, str) else ""
    if "@" not in email or len(email) > 150:
        raise SignInRefused("email_missing", provider=provider)
    if provider.require_email_verified and claims.get("email_verified") not in (True, "true"):
        raise SignInRefused("email_unverified", provider=provider, username=email)
    if email.rsplit("@", 1)[1] not in provider.domains:
        raise SignInRefused("foreign_domain", provider=provider, username=email)
    return email


def _check_allowed(user: User, provider: IdentityProvider) -> None:
    if not user.is_active:
        raise SignInRefused("inactive", provider=provider, username=user.username)
    if user.is_superuser:
        raise SignInRefused("superuser", provider=provider, username=user.username)
    if user.organisation_id != provider.organisation_id:
        raise SignInRefused("other_organisation", provider=provider, username=user.username)


@transaction.atomic
def match_account(*, provider: IdentityProvider, claims: dict, request=None) -> User:
    """The account this verified ID token signs in: linked before, linked now, or new.

    Never an account of another organisation, and a new account gets no role: the beheerder
    grants roles in the app.
    """
    email = _email(provider, claims)
    subject = str(claims["sub"])
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(provider=provider, subject=subject)
        .first()
    )
    if identity is not None:
        _check_allowed(identity.user, provider)
        return identity.user
    same_address = list(User.objects.select_for_update().filter(email__iexact=email))
    ours = [user for user in same_address if user.organisation_id == provider.organisation_id]
    detail = {"via": str(provider.organisation)}
    if len(ours) > 1:
        raise SignInRefused("ambiguous", provider=provider, username=email)
    if ours:
        user = ours[0]
        _check_allowed(user, provider)
        if ExternalIdentity.objects.filter(provider=provider, user=user).exists():
            # Linked to another subject before: perhaps an address given to someone new.
            raise SignInRefused("already_linked", provider=provider, username=user.username)
        ExternalIdentity.objects.create(user=user, provider=provider, subject=subject)
        record(AuditEvent.Event.SSO_LINKED, request=request, user=user, obj=user, detail=detail)
        return user
    if same_address:
        raise SignInRefused("other_organisation", provider=provider, username=email)
    if User.objects.filter(username__iexact=email).exists():
        raise SignInRefused("username_taken", provider=provider, username=email)
    user = User(
        username=email,
        email=email,
        first_name=str(claims.get("given_name", ""))[:150],
        last_name=str(claims.get("family_name", ""))[:150],
        organisation=provider.organisation,
    )
    user.set_unusable_password()
    user.save()
    ExternalIdentity.objects.create(user=user, provider=provider, subject=subject)
    record(
        AuditEvent.Event.SSO_ACCOUNT_CREATED, request=request, user=user, obj=user, detail=detail
    )
    return user


def second_step_done(provider: IdentityProvider, claims: dict) -> bool:
    """The provider's multi-factor sign-in stands in for the app's second step: only where the
    beheerder marked the provider as enforcing it, and the token says it happened."""
    if not provider.enforces_mfa:
        return False
    amr = claims.get("amr") or []
    acr = str(claims.get("acr", "")).lower()
    return (isinstance(amr, list) and MFA_AMR in amr) or bool(acr and acr in provider.acr_values)


def sign_in(request, outcome: Outcome) -> User:
    """Match the account and sign it in; raises SignInRefused."""
    provider = outcome.provider
    user = match_account(provider=provider, claims=outcome.claims, request=request)
    if AxesProxyHandler.is_locked(request, credentials={"username": user.get_username()}):
        raise SignInRefused("locked_out", provider=provider, username=user.username)
    # Read by platform_ivz.core.two_factor.on_logged_in.
    request.sign_in_detail = {"via": str(provider.organisation)}
    request.second_step_by_provider = second_step_done(provider, outcome.claims)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_KEY] = {"provider": provider.pk, "id_token": outcome.id_token}
    return user


def provider_logout_url(request) -> str | None:
    """Where to end the provider's session too (RP-initiated logout), if it offers that.

    Read before the app's own session is ended."""
    signed_in = request.session.get(SESSION_KEY)
    if not signed_in:
        return None
    provider = IdentityProvider.objects.filter(pk=signed_in["provider"]).first()
    if provider is None:
        return None
    try:
        endpoint = metadata(provider).get("end_session_endpoint")
    except SignInRefused:
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": signed_in["id_token"],
            "client_id": provider.client_id,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def sso_only_refuses(user) -> bool:
    """The user's organisation signs in through its provider only: no password here (the
    beheerder and superusers excepted, so the platform can always be reached)."""
    organisation_id = getattr(user, "organisation_id", None)
    if organisation_id is None or user.is_superuser or user.has_role(Role.BEHEERDER):
        return False
    return IdentityProvider.objects.filter(
        organisation_id=organisation_id, enabled=True, sso_only=True
    ).exists()
