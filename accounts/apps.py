from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Comptes individuels"

    def ready(self) -> None:
        from accounts.roles import sync_group_permissions

        post_migrate.connect(sync_group_permissions, dispatch_uid="accounts-sync-groups")
