"""The applicant's side of a request for missing items (RGA art. 3): the items the CNM named,
and only those, can be sent (documents of the list, figures of the dossier, a free answer);
every other field stays read-only and the page refuses anything else. Thin views: the
scoped selector reads, one service writes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from aides import selectors, services
from aides.forms import figure_field
from aides.selectors_instruction import open_request
from aides.workflow import DossierStatus
from cnm_portal.forms import DsfrFormMixin, add_service_errors
from cnm_portal.uploads import DocumentFileField


class MissingDocumentForm(DsfrFormMixin, forms.Form):
    code = forms.ChoiceField(label=gettext_lazy("Pièce demandée"))
    file = DocumentFileField(label=gettext_lazy("Fichier (PDF, JPEG ou PNG)"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = choices
        self.apply_dsfr()


class MissingFiguresForm(DsfrFormMixin, forms.Form):
    def __init__(self, *args, figures, values, **kwargs):
        super().__init__(*args, **kwargs)
        for figure in figures:
            self.fields[figure.name] = figure_field(figure)
            self.fields[figure.name].initial = values.get(figure.name)
        self.apply_dsfr()


class AnswerForm(DsfrFormMixin, forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Votre réponse aux autres informations demandées"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def missing_items(request, dossier_id: int):
    dossier = selectors.dossier_for_user(user=request.user, dossier_id=dossier_id)
    pending = open_request(dossier) if dossier.status == DossierStatus.INCOMPLET else None
    if pending is None:
        messages.info(request, _("Aucune pièce ni information n'est demandée sur ce dossier."))
        return redirect("aides:dossier", dossier_id=dossier.pk)
    programme = dossier.programme_definition
    labels = {d.code: d.label for d in programme.documents}
    requested_figures = [programme.figure(name) for name in pending.figures]
    action = request.POST.get("action") if request.method == "POST" else None
    here = redirect("aides:missing_items", dossier_id=dossier.pk)
    status = 200

    document_form = MissingDocumentForm(
        request.POST if action == "document" else None,
        request.FILES if action == "document" else None,
        choices=[(code, labels.get(code, code)) for code in pending.documents],
    )
    figures_form = MissingFiguresForm(
        request.POST if action == "figures" else None,
        figures=requested_figures,
        values=dossier.figures,
    )
    answer_form = AnswerForm(
        request.POST if action == "send" else None, initial={"answer": pending.answer}
    )
    common = {"dossier": dossier, "actor": request.user}
    if action == "document" and pending.documents and document_form.is_valid():
        try:
            services.missing_items_add_document(
                **common,
                code=document_form.cleaned_data["code"],
                upload=document_form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(document_form, error)
        else:
            messages.success(request, _("Pièce enregistrée."))
            return here
    elif action == "figures":
        # Only the figures named by the CNM: any other posted figure is refused outright.
        names = {f.name for f in programme.all_figures()}
        forged = (set(request.POST) & names) - set(pending.figures)
        if forged:
            messages.error(
                request, _("Seules les informations demandées par le CNM peuvent être modifiées.")
            )
            status = 400
        elif requested_figures and figures_form.is_valid():
            raw = {name: request.POST.get(name, "") for name in pending.figures}
            try:
                services.missing_items_save_figures(**common, values=raw)
            except ValidationError as error:
                add_service_errors(figures_form, error)
            else:
                messages.success(request, _("Informations enregistrées."))
                return here
    elif action == "send" and answer_form.is_valid():
        try:
            services.missing_items_send(**common, answer=answer_form.cleaned_data["answer"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Éléments transmis au CNM : le dossier reprend son instruction.")
            )
            return redirect("aides:dossier", dossier_id=dossier.pk)
    elif action is not None and action not in ("document", "figures", "send"):
        messages.error(request, _("Action inconnue : rien n'a été modifié."))
        status = 400

    pending.refresh_from_db()
    context = {
        "dossier": dossier,
        "structure": dossier.structure,
        "pending": pending,
        "documents": [
            (code, labels.get(code, code), code in pending.provided_documents)
            for code in pending.documents
        ],
        "figures": [(f.label, f.name in pending.provided_figures) for f in requested_figures],
        "document_form": document_form,
        "figures_form": figures_form,
        "answer_form": answer_form,
        "uploaded": [d for d in dossier.documents.all() if d.code in pending.documents],
    }
    return render(request, "aides/instruction/missing_items.html", context, status=status)
