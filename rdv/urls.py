from django.urls import path

from rdv import views

app_name = "rdv"

urlpatterns = [
    path("", views.index, name="index"),
    path("reserver/", views.book, name="book"),
    path("mes-rendez-vous/", views.my_bookings, name="my_bookings"),
    path("mes-rendez-vous/<int:booking_id>/", views.booking, name="booking"),
    path("mes-rendez-vous/<int:booking_id>/annuler/", views.cancel, name="cancel"),
    path("mes-rendez-vous/<int:booking_id>/deplacer/", views.move, name="move"),
    path(
        "mes-rendez-vous/<int:booking_id>/rendez-vous.ics",
        views.calendar_file,
        name="calendar_file",
    ),
]
