app_name = "annonces"

urlpatterns: list = []
