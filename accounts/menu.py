"""The portal's menus. Later apps add their entries from ``AppConfig.ready()`` with
:func:`register_side_menu_item` / :func:`register_user_menu_item`, so that only services that
exist appear."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str | Promise
    url_name: str
    order: int
    # shown only when it returns True for the request; it must not query the database (the
    # menus are on every page): read what the login stored in the session
    visible: Callable | None = None


_side_menu: dict[str, MenuItem] = {}
_user_menu: dict[str, MenuItem] = {}


def register_side_menu_item(item: MenuItem) -> None:
    _side_menu[item.key] = item


def register_user_menu_item(item: MenuItem) -> None:
    _user_menu[item.key] = item


def _render(items: dict[str, MenuItem], path: str, request=None) -> list[dict]:
    entries = []
    for item in sorted(items.values(), key=lambda i: i.order):
        if item.visible is not None and not item.visible(request):
            continue
        url = reverse(item.url_name)
        active = path == url if url == "/" else path.startswith(url)
        entries.append({"key": item.key, "label": item.label, "url": url, "active": active})
    return entries


def side_menu(path: str, request=None) -> list[dict]:
    return _render(_side_menu, path, request)


def user_menu(path: str, request=None) -> list[dict]:
    return _render(_user_menu, path, request)


register_side_menu_item(MenuItem("accueil", _("Accueil"), "accounts:dashboard", 0))
register_side_menu_item(MenuItem("mode-emploi", _("Mode d'emploi"), "accounts:guide", 900))
register_side_menu_item(MenuItem("contact", _("Contactez-nous"), "accounts:contact", 910))

register_user_menu_item(MenuItem("compte", _("Mon compte"), "accounts:account", 0))
register_user_menu_item(MenuItem("email", _("Modifier mon email"), "account_email", 10))
register_user_menu_item(
    MenuItem("password", _("Modifier mon mot de passe"), "account_change_password", 20)
)
register_user_menu_item(MenuItem("supprimer", _("Supprimer mon compte"), "accounts:delete", 90))
