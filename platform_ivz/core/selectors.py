from platform_ivz.core.models import Organisation, User


def users_with_roles(*roles: str):
    return User.objects.filter(is_active=True, groups__name__in=roles).distinct()


def gemeenten():
    return Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE, active=True)


def audit_events():
    """The security log, newest first; readable by whom core.view_audit_log allows."""
    from platform_ivz.core.models import AuditEvent

    return AuditEvent.objects.select_related("actor").order_by("-created_at", "-id")
