from platform_ivz.core.models import Organisation, User


def users_with_roles(*roles: str):
    return User.objects.filter(is_active=True, groups__name__in=roles).distinct()


def gemeenten():
    return Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE, active=True)
