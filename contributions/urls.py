from django.urls import path

from contributions import views

app_name = "contributions"

urlpatterns = [
    path("", views.table, name="table"),
    path("nieuw-jaar/", views.year_create, name="year_create"),
    path("<int:year>/", views.year_table, name="year"),
    path("<int:year>/uren/", views.hours, name="hours"),
    path("<int:year>/uren/<int:organisation_pk>/", views.organisation_hours, name="organisation"),
    path("<int:year>/begroting/", views.budget, name="budget"),
    path("<int:year>/instellingen/", views.settings_page, name="settings"),
    path("<int:year>/instellingen/bewerken/", views.settings_edit, name="settings_edit"),
    path("<int:year>/gemeenten/bewerken/", views.municipalities_edit, name="municipalities_edit"),
    path("<int:year>/partners/bewerken/", views.partners_edit, name="partners_edit"),
    path("<int:year>/inkomsten/nieuw/", views.income_edit, name="income_create"),
    path("<int:year>/inkomsten/<int:pk>/bewerken/", views.income_edit, name="income_edit"),
    path("<int:year>/inkomsten/<int:pk>/verwijderen/", views.income_delete, name="income_delete"),
    path(
        "<int:year>/bijdragen.csv",
        views.export,
        {"what": "table", "fmt": "csv"},
        name="table_csv",
    ),
    path(
        "<int:year>/bijdragen.xlsx",
        views.export,
        {"what": "table", "fmt": "xlsx"},
        name="table_xlsx",
    ),
    path("<int:year>/uren.csv", views.export, {"what": "hours", "fmt": "csv"}, name="hours_csv"),
    path("<int:year>/uren.xlsx", views.export, {"what": "hours", "fmt": "xlsx"}, name="hours_xlsx"),
    path(
        "<int:year>/begroting.csv",
        views.export,
        {"what": "budget", "fmt": "csv"},
        name="budget_csv",
    ),
    path(
        "<int:year>/begroting.xlsx",
        views.export,
        {"what": "budget", "fmt": "xlsx"},
        name="budget_xlsx",
    ),
]
