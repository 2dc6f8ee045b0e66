app_name = "alertes"

urlpatterns: list = []
