app_name = "contributions"

urlpatterns = []
