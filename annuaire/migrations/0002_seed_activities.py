"""Seed the fixed list of activities (``annuaire.choices.ActivityCode``)."""

from django.db import migrations

ACTIVITIES = [
    ("manager", "Manager"),
    ("label", "Label"),
    ("editeur", "Éditeur de musique"),
    ("producteur_phono", "Producteur de musique enregistrée"),
    ("producteur_spectacle", "Producteur de spectacle"),
    ("diffuseur", "Diffuseur de spectacle"),
    ("tourneur", "Tourneur, agent artistique"),
    ("salle", "Salle de spectacle"),
    ("festival", "Festival"),
    ("distributeur", "Distributeur"),
    ("disquaire", "Disquaire"),
    ("studio", "Studio d'enregistrement"),
    ("promotion", "Attaché de presse, promotion"),
    ("auteur", "Auteur, compositeur"),
    ("artiste", "Artiste interprète"),
    ("humour", "Humour"),
    ("formation", "Formation, enseignement"),
    ("accompagnement", "Accompagnement, conseil"),
]


def seed(apps, schema_editor):
    Activity = apps.get_model("annuaire", "Activity")
    for position, (code, label) in enumerate(ACTIVITIES):
        Activity.objects.update_or_create(code=code, defaults={"label": label, "position": position})


def unseed(apps, schema_editor):
    apps.get_model("annuaire", "Activity").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("annuaire", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
