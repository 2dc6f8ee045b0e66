from django.urls import path

from annuaire import views

app_name = "annuaire"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:entry_id>/", views.entry, name="entry"),
    path("inscription/", views.register, name="register"),
    path("mes-inscriptions/", views.mine, name="mine"),
    path("mes-inscriptions/<int:entry_id>/", views.manage, name="manage"),
    path("mes-inscriptions/<int:entry_id>/modifier/", views.edit, name="edit"),
    path("mes-inscriptions/<int:entry_id>/soumettre/", views.submit, name="submit"),
    path("mes-inscriptions/<int:entry_id>/retirer/", views.withdraw, name="withdraw"),
]
