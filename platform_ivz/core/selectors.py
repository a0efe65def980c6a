from platform_ivz.core.models import Organisation, User
from platform_ivz.core.roles import BODY_ROLES


def users_with_roles(*roles: str):
    return User.objects.filter(is_active=True, groups__name__in=roles).distinct()


def body_members(body: str):
    """The active members of a meeting body (Meeting.Body), by name."""
    return users_with_roles(*BODY_ROLES[body]).order_by("last_name", "first_name", "id")


def bodies_of(user) -> list[str]:
    """The meeting bodies (Meeting.Body values) a user belongs to."""
    return [body for body, roles in BODY_ROLES.items() if user.has_role(*roles)]


def gemeenten():
    return Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE, active=True)


def audit_events():
    """The security log, newest first; readable by whom core.view_audit_log allows."""
    from platform_ivz.core.models import AuditEvent

    return AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")


def sign_in_providers():
    """The organisations' providers offered on the sign-in page, by organisation name."""
    from platform_ivz.core.models import IdentityProvider

    return (
        IdentityProvider.objects.filter(enabled=True, organisation__active=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
