"""Forms rendered with the State design system (DSFR), errors tied to their field."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from dsfr.utils import dsfr_input_class_attr


class DsfrErrorList(ErrorList):
    template_name = "forms/errors.html"


class DsfrFormMixin:
    """Mix into any form (ours or allauth's) to render it with DSFR markup.

    ``{{ form }}`` renders ``templates/forms/form.html``: labels, hints, required marker,
    errors next to their field and announced to screen readers. The classes are applied at
    the end of ``__init__``, after allauth has added its fields.
    """

    template_name = "forms/form.html"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_class", DsfrErrorList)
        super().__init__(*args, **kwargs)
        self.apply_dsfr()

    def apply_dsfr(self) -> None:
        # Bound fields copy the label when created: drop them so later label changes show.
        self._bound_fields_cache.clear()
        for visible in self.visible_fields():
            visible.field.widget.attrs.pop("placeholder", None)
            dsfr_input_class_attr(visible)


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: a dict's keys that name a field of the
    form go next to that field, anything else (other keys, a plain list) on the form itself.
    The form becomes invalid; nothing else is touched."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def form_data(request):
    """The form data to bind: the POST, even empty, on a POST; nothing on a GET.

    ``request.POST or None`` leaves an empty POST unbound, so the page came back without any error
    message (found by the fuzz suite)."""
    return request.POST if request.method == "POST" else None


def form_files(request):
    """The uploaded files to bind with :func:`form_data`."""
    return request.FILES if request.method == "POST" else None
