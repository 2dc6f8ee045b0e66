app_name = "rdv"

urlpatterns: list = []
