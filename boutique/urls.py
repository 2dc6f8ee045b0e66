app_name = "boutique"

urlpatterns: list = []
