from django.apps import AppConfig


class VirementsConfig(AppConfig):
    name = "virements"
    verbose_name = "Virements (aides et droits de tirage)"
