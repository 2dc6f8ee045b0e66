from allauth.account.decorators import secure_admin_login
from allauth.account.views import signup
from django.contrib import admin
from django.db import transaction
from django.urls import include, path

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Mon Espace CNM — administration"
admin.site.site_title = "Mon Espace CNM"
admin.site.index_title = "Instruction et gestion"

handler500 = "cnm_portal.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    # A signup is one transaction: the account and its confirmation e-mail (outbox) are written
    # together or not at all (a database lost in between left an account without its e-mail).
    path("compte/signup/", transaction.atomic(signup), name="account_signup"),
    path("compte/", include("allauth.urls")),
    path("espace-pro/", include("espace_pro.urls")),
    path("affiliation/", include("affiliation.urls")),
    path("taxe/", include("taxe.urls")),
    path("virements/", include("virements.urls")),
    path("aides/", include("aides.public_urls")),
    path("aides/", include("aides.urls")),
    path("compte-entrepreneur/", include("compte_entrepreneur.urls")),
    path("annonces/", include("annonces.urls")),
    path("alertes-emploi/", include("alertes.urls")),
    path("formations/", include("formations.urls")),
    path("rdv/", include("rdv.urls")),
    path("annuaire/", include("annuaire.urls")),
    path("boutique/", include("boutique.urls")),
    path("", include("accounts.urls")),
]
