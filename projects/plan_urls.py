"""URLs of this area, included by projects/urls.py under the `projects` namespace."""

urlpatterns = []
