"""Meeting URLs (/vergaderingen/), namespace `meetings`."""

app_name = "meetings"

urlpatterns = []
