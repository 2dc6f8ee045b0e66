from django.conf import settings

from accounts.menu import side_menu, user_menu


def portal(request) -> dict:
    """Menus and contact details for every page; no database query."""
    authenticated = request.user.is_authenticated
    return {
        "side_menu": side_menu(request.path, request) if authenticated else [],
        "user_menu": user_menu(request.path, request) if authenticated else [],
        "contact_email": settings.CONTACT_EMAIL,
        "contact_phone": settings.CONTACT_PHONE,
    }
