from django.urls import path

from platform_ivz.core import views

app_name = "core"

urlpatterns = [
    path("inloggen/organisatie/<int:pk>/", views.sso_start, name="sso_start"),
    path("inloggen/organisatie/terug/", views.sso_callback, name="sso_callback"),
    path("verificatie/code/", views.two_factor_verify, name="two_factor_verify"),
    path(
        "verificatie/reservecode/", views.two_factor_verify_backup, name="two_factor_verify_backup"
    ),
    path("account/tweestapsverificatie/", views.two_factor_account, name="two_factor"),
    path(
        "account/tweestapsverificatie/instellen/",
        views.two_factor_enrol,
        name="two_factor_enrol",
    ),
    path(
        "account/tweestapsverificatie/reservecodes/",
        views.two_factor_backup_codes,
        name="two_factor_backup_codes",
    ),
    path(
        "account/tweestapsverificatie/uitschakelen/",
        views.two_factor_disable,
        name="two_factor_disable",
    ),
    path("beveiligingslogboek/", views.audit_log, name="audit_log"),
]
