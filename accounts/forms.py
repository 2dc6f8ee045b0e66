"""allauth's forms with DSFR rendering and the wording of the real portal."""

from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from cnm_portal.forms import DsfrFormMixin


class LoginForm(DsfrFormMixin, allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Identifiant")
        self.fields["login"].help_text = _("Votre email, par exemple camille@exemple.fr")
        self.fields["password"].label = _("Mot de passe")
        self.fields["password"].help_text = ""
        self.fields.pop("remember", None)
        self.apply_dsfr()


class SignupForm(DsfrFormMixin, allauth_forms.SignupForm):
    field_order = ["last_name", "first_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email (identifiant)")
        self.fields["email"].help_text = _(
            "Indiquez un email individuel, qui sera également votre identifiant de connexion."
        )
        self.fields["password1"].label = _("Mot de passe")
        self.fields["password1"].help_text = _(
            "12 caractères minimum ; évitez les mots de passe courants ou proches de votre nom."
        )
        self.fields["password2"].label = _("Répéter le mot de passe")
        self.order_fields(self.field_order)
        self.apply_dsfr()


class ResetPasswordForm(DsfrFormMixin, allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email (identifiant)")
        self.apply_dsfr()


class ResetPasswordKeyForm(DsfrFormMixin, allauth_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Nouveau mot de passe")
        self.fields["password2"].label = _("Répéter le nouveau mot de passe")
        self.apply_dsfr()


class ChangePasswordForm(DsfrFormMixin, allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = _("Mot de passe actuel")
        self.fields["password1"].label = _("Nouveau mot de passe")
        self.fields["password2"].label = _("Répéter le nouveau mot de passe")
        self.apply_dsfr()


class AddEmailForm(DsfrFormMixin, allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Nouvel email (identifiant)")
        self.fields["email"].help_text = _(
            "Le changement prend effet une fois la nouvelle adresse vérifiée par le lien que "
            "nous vous envoyons."
        )
        self.apply_dsfr()


class AccountDeleteForm(DsfrFormMixin, forms.Form):
    password = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )
    confirm = forms.BooleanField(
        label=_(
            "Je comprends que la suppression est définitive et que je perdrai mes accès aux "
            "espaces professionnels."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mot de passe incorrect."))
        return password
