"""Forms rendered with the State design system (DSFR), errors tied to their field."""

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
