app_name = "formations"

urlpatterns: list = []
