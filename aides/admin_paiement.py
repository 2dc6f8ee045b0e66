"""Admin of the payment side (RGA art. 5-7, 11).

- ``PAYMENT_ACTIONS`` (suspension, cancellation of the aid) and ``PAYMENT_OBJECT_ACTIONS``
  (lifting a suspension), merged into ``DossierAdmin``;
- the accounting agent's list of versements (what is due, ordered, paid; « ordonner » action),
- bilans (validation with the recomputed balance, rejection), extensions of their deadline,
  reimbursement requests (signed schedule, payments received, schedule not kept), RSE claims.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from aides import rse
from aides.models_paiement import (
    Bilan,
    BilanDocument,
    BilanExtension,
    BilanLine,
    Remboursement,
    RemboursementInstallment,
    RemboursementPayment,
    RseClaim,
    Versement,
)
from aides.services import bilan as bilan_services
from aides.services import paiement, remboursement
from aides.workflow import DossierStatus as S
from aides.workflow_paiement import (
    BilanStatus as B,
)
from aides.workflow_paiement import (
    ExtensionStatus as E,
)
from aides.workflow_paiement import (
    RemboursementStatus as R,
)
from aides.workflow_paiement import (
    RseStatus,
    bilan_flow,
    extension_flow,
    remboursement_flow,
    rse_flow,
    versement_flow,
)
from aides.workflow_paiement import (
    VersementStatus as V,
)
from cnm_portal.admin import (
    ActionOnlyAdminMixin,
    StatusHistoryInline,
    WorkflowAction,
    WorkflowAdminMixin,
)
from cnm_portal.money import MoneyField
from cnm_portal.paginator import CappedCountPaginator
from cnm_portal.uploads import DocumentFileField

# --- forms ----------------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}))


class BilanValidateForm(forms.Form):
    amount = MoneyField(
        label=_("Aide retenue (facultatif)"),
        required=False,
        help_text=_(
            "Laissez vide pour retenir l'aide recalculée sur les dépenses réalisées ; un montant "
            "inférieur annule une partie de l'aide."
        ),
    )
    comment = forms.CharField(
        label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtensionGrantForm(forms.Form):
    granted_until = forms.DateField(
        label=_("Nouvelle date limite"), widget=forms.DateInput(attrs={"type": "date"})
    )
    answer = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(forms.Form):
    document = DocumentFileField(label=_("Échéancier signé"))

    ROWS = 6

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(self.ROWS):
            self.fields[f"date_{index}"] = forms.DateField(
                label=_("Échéance %(n)s : date") % {"n": index + 1},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"amount_{index}"] = MoneyField(
                label=_("Échéance %(n)s : montant") % {"n": index + 1}, required=False
            )

    def rows(self):
        data = self.cleaned_data
        return [
            (data[f"date_{i}"], data[f"amount_{i}"])
            for i in range(self.ROWS)
            if data.get(f"date_{i}") or data.get(f"amount_{i}")
        ]

    def clean(self):
        data = super().clean()
        for i in range(self.ROWS):
            if bool(data.get(f"date_{i}")) != bool(data.get(f"amount_{i}")):
                self.add_error(f"date_{i}", _("Indiquez la date et le montant de l'échéance."))
        return data


class PaymentReceivedForm(forms.Form):
    amount = MoneyField(label=_("Montant reçu"))
    received_on = forms.DateField(
        label=_("Reçu le"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RseValidateForm(forms.Form):
    codes = forms.MultipleChoiceField(
        label=_("Critères justifiés"), required=False, widget=forms.CheckboxSelectMultiple
    )
    answer = forms.CharField(
        label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, claim=None, **kwargs):
        super().__init__(*args, **kwargs)
        grid = {c.code: c for c in rse.grid_for(claim.dossier.programme)} if claim else {}
        self.fields["codes"].choices = [
            (code, f"{grid[code].label} ({grid[code].points} pt)")
            for code in (claim.claimed if claim else [])
            if code in grid
        ]


# --- the dossier's buttons ---------------------------------------------------------------------

PAYMENT_ACTIONS = {
    S.SUSPENDU: WorkflowAction(
        label=_("Suspendre l'aide (irrégularité, art. 7)"),
        form_class=ReasonForm,
        done=_("Aide suspendue : aucun versement ne sera ordonné."),
        handle=lambda request, obj, data: paiement.dossier_suspend(
            dossier=obj, actor=request.user, reason=data["reason"]
        ),
    ),
    S.ANNULE: WorkflowAction(
        label=_("Annuler l'aide (remboursement de ce qui a été versé)"),
        form_class=ReasonForm,
        done=_("Aide annulée."),
        handle=lambda request, obj, data: paiement.dossier_cancel(
            dossier=obj, actor=request.user, reason=data["reason"]
        ),
    ),
}
PAYMENT_OBJECT_ACTIONS = {
    "lever_suspension": WorkflowAction(
        label=_("Lever la suspension"),
        statuses=frozenset({S.SUSPENDU}),
        done=_("Suspension levée."),
        handle=lambda request, obj, data: paiement.dossier_suspension_lift(
            dossier=obj, actor=request.user
        ),
    ),
}


def _dossier_link(dossier):
    url = reverse("admin:aides_dossier_change", args=[dossier.pk])
    return format_html('<a href="{}">{}</a>', url, dossier.number)


# --- versements -----------------------------------------------------------------------------


class DossierPartAdminMixin:
    """Admins of a dossier's versements, bilan and reimbursements: the same columns and a list
    that never counts the whole table."""

    list_select_related = ["dossier__structure"]
    paginator = CappedCountPaginator
    show_full_result_count = False

    @admin.display(description=_("dossier"), ordering="dossier__number")
    def dossier_number(self, obj):
        return _dossier_link(obj.dossier)

    @admin.display(description=_("structure"))
    def structure(self, obj):
        return obj.dossier.structure


@admin.register(Versement)
class VersementAdmin(
    DossierPartAdminMixin, WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin
):
    workflow = versement_flow
    workflow_actions = {
        V.ORDONNE: WorkflowAction(
            label=_("Ordonner le versement (ordre de virement)"),
            done=_("Versement ordonné : il figure dans les ordres de virement à payer."),
            handle=lambda request, obj, data: paiement.versement_order(
                versement=obj, actor=request.user
            ),
        )
    }
    list_display = [
        "dossier_number",
        "structure",
        "kind",
        "label",
        "amount",
        "status",
        "paid_on",
        "created_at",
    ]
    list_filter = ["status", "kind"]
    # newest first, on the versement's own columns (index aides_pages_versement_created): the
    # model's ordering goes through the dossier and sorts the whole join before the LIMIT
    ordering = ["-created_at", "-pk"]
    search_fields = [
        "=dossier__number",
        "dossier__structure__name",
        "=dossier__structure__numero_cnm",
    ]
    inlines = [StatusHistoryInline]
    actions = ["order_selected"]

    @admin.action(description=_("Ordonner les versements sélectionnés"))
    def order_selected(self, request, queryset):
        done = 0
        for versement in queryset.filter(status=V.PREVU).select_related("dossier__structure"):
            try:
                paiement.versement_order(versement=versement, actor=request.user)
            except ValidationError as error:
                self.message_user(
                    request,
                    f"{versement.dossier.number} : {' '.join(error.messages)}",
                    messages.ERROR,
                )
            else:
                done += 1
        self.message_user(request, _("%(n)s versement(s) ordonné(s).") % {"n": done})


# --- bilans ----------------------------------------------------------------------------------


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BilanLineInline(_ReadOnlyInline):
    model = BilanLine
    fields = ["kind", "category", "label", "amount"]
    readonly_fields = fields


class BilanDocumentInline(_ReadOnlyInline):
    model = BilanDocument
    fields = ["code", "original_name", "uploaded_at", "download"]
    readonly_fields = fields

    @admin.display(description=_("fichier"))
    def download(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:aides_bilan_document", args=[obj.bilan_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger"))


class BilanExtensionInline(_ReadOnlyInline):
    model = BilanExtension
    fields = [
        "status",
        "requested_at",
        "previous_due_on",
        "requested_until",
        "granted_until",
        "reason",
    ]
    readonly_fields = fields


@admin.register(Bilan)
class BilanAdmin(DossierPartAdminMixin, WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin):
    workflow = bilan_flow
    workflow_actions = {
        B.VALIDE: WorkflowAction(
            label=_("Valider le bilan (solde recalculé)"),
            form_class=BilanValidateForm,
            done=_("Bilan validé : le solde ou le remboursement est calculé."),
            handle=lambda request, obj, data: bilan_services.bilan_validate(
                bilan=obj, actor=request.user, comment=data["comment"], amount=data["amount"]
            ),
        ),
        B.REJETE: WorkflowAction(
            label=_("Rejeter le bilan et annuler l'aide"),
            form_class=ReasonForm,
            done=_("Bilan rejeté : l'aide est annulée."),
            handle=lambda request, obj, data: bilan_services.bilan_reject(
                bilan=obj, actor=request.user, reason=data["reason"]
            ),
        ),
    }
    list_display = ["dossier_number", "structure", "status", "due_on", "filed_at", "montant_valide"]
    list_filter = ["status"]
    search_fields = ["=dossier__number", "dossier__structure__name"]
    inlines = [BilanLineInline, BilanDocumentInline, BilanExtensionInline, StatusHistoryInline]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "recomputation"]

    @admin.display(description=_("recalcul sur les dépenses réalisées"))
    def recomputation(self, obj):
        if obj is None or obj.status != B.DEPOSE:
            data = obj.computation if obj is not None else None
            if not data:
                return "—"
            amount = data["amount"]
        else:
            computation, validated = bilan_services.bilan_recompute(obj)
            data, amount = computation.as_dict(), validated
        return format_html(
            "<p><strong>{}</strong> {}</p><table>{}</table>",
            _("Aide retenue :"),
            amount,
            format_html_join(
                "",
                "<tr><td>{}</td><td>art. {}</td><td>{}</td><td>{}</td></tr>",
                ((s["label"], s["article"], s["after"] or "—", s["detail"]) for s in data["steps"]),
            ),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/piece/<int:document_id>/",
                self.admin_site.admin_view(self.document_view),
                name="aides_bilan_document",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request, pk, document_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = get_object_or_404(BilanDocument, pk=document_id, bilan_id=pk)
        return FileResponse(
            document.file.open("rb"), as_attachment=True, filename=document.original_name
        )


@admin.register(BilanExtension)
class BilanExtensionAdmin(WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin):
    workflow = extension_flow
    workflow_actions = {
        E.ACCORDEE: WorkflowAction(
            label=_("Accorder la prorogation"),
            form_class=ExtensionGrantForm,
            done=_("Prorogation accordée : le demandeur est informé."),
            handle=lambda request, obj, data: bilan_services.bilan_extension_decide(
                extension=obj,
                grant=True,
                granted_until=data["granted_until"],
                answer=data["answer"],
                actor=request.user,
            ),
        ),
        E.REFUSEE: WorkflowAction(
            label=_("Refuser la prorogation"),
            form_class=AnswerForm,
            done=_("Prorogation refusée : le demandeur est informé."),
            handle=lambda request, obj, data: bilan_services.bilan_extension_decide(
                extension=obj,
                grant=False,
                granted_until=None,
                answer=data["answer"],
                actor=request.user,
            ),
        ),
    }
    list_display = [
        "bilan",
        "status",
        "requested_at",
        "previous_due_on",
        "requested_until",
        "granted_until",
    ]
    list_filter = ["status"]
    search_fields = ["=bilan__dossier__number", "bilan__dossier__structure__name"]
    list_select_related = ["bilan"]
    inlines = [StatusHistoryInline]


# --- reimbursements ------------------------------------------------------------------------------


class InstallmentInline(_ReadOnlyInline):
    model = RemboursementInstallment
    fields = ["due_on", "amount"]
    readonly_fields = fields


class PaymentInline(_ReadOnlyInline):
    model = RemboursementPayment
    fields = ["received_on", "amount", "recorded_at"]
    readonly_fields = fields


@admin.register(Remboursement)
class RemboursementAdmin(
    DossierPartAdminMixin, WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin
):
    workflow = remboursement_flow
    workflow_actions = {
        R.ECHEANCIER: WorkflowAction(
            label=_("Enregistrer l'échéancier signé"),
            form_class=ScheduleForm,
            done=_("Échéancier enregistré."),
            handle=lambda request, obj, data: remboursement.remboursement_schedule(
                remboursement=obj,
                rows=[
                    (data[f"date_{i}"], data[f"amount_{i}"])
                    for i in range(ScheduleForm.ROWS)
                    if data.get(f"date_{i}")
                ],
                document=data["document"],
                actor=request.user,
            ),
        ),
        R.DEFAUT: WorkflowAction(
            label=_("Constater que l'échéancier n'est pas respecté"),
            done=_("Échéancier non respecté : les nouvelles demandes sont bloquées."),
            handle=lambda request, obj, data: remboursement.remboursement_mark_default(
                remboursement=obj, actor=request.user
            ),
        ),
    }
    object_actions = {
        "paiement": WorkflowAction(
            label=_("Enregistrer un paiement reçu"),
            form_class=PaymentReceivedForm,
            statuses=frozenset({R.DEMANDE, R.ECHEANCIER, R.DEFAUT}),
            done=_("Paiement enregistré."),
            handle=lambda request, obj, data: remboursement.remboursement_record_payment(
                remboursement=obj,
                amount=data["amount"],
                received_on=data["received_on"],
                actor=request.user,
            ),
        )
    }
    list_display = ["dossier_number", "structure", "status", "amount", "received", "created_at"]
    list_filter = ["status", "full"]
    search_fields = [
        "=dossier__number",
        "dossier__structure__name",
        "=dossier__structure__numero_cnm",
    ]
    inlines = [InstallmentInline, PaymentInline, StatusHistoryInline]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "letter_link"]

    @admin.display(description=_("lettre"))
    def letter_link(self, obj):
        if obj is None or not obj.letter:
            return "—"
        url = reverse("admin:aides_remboursement_letter", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger la lettre (PDF)"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/lettre/",
                self.admin_site.admin_view(self.letter_view),
                name="aides_remboursement_letter",
            ),
            *super().get_urls(),
        ]

    def letter_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        item = get_object_or_404(Remboursement, pk=pk)
        if not item.letter:
            raise PermissionDenied
        return FileResponse(
            item.letter.open("rb"), as_attachment=True, filename=f"remboursement-{item.pk}.pdf"
        )


# --- RSE --------------------------------------------------------------------------------------


@admin.register(RseClaim)
class RseClaimAdmin(WorkflowAdminMixin, ActionOnlyAdminMixin, admin.ModelAdmin):
    workflow = rse_flow
    workflow_actions = {
        RseStatus.VALIDEE: WorkflowAction(
            label=_("Valider les points"),
            form_class=RseValidateForm,
            form_kwargs=lambda request, obj: {"claim": obj},
            done=_("Points validés : l'incitation est calculée et notifiée."),
            handle=lambda request, obj, data: bilan_services.rse_validate(
                claim=obj, codes=data["codes"], answer=data["answer"], actor=request.user
            ),
        ),
        RseStatus.REJETEE: WorkflowAction(
            label=_("Ne pas retenir la grille"),
            form_class=AnswerForm,
            handle=lambda request, obj, data: bilan_services.rse_reject(
                claim=obj, answer=data["answer"], actor=request.user
            ),
        ),
    }
    list_display = ["dossier", "status", "claimed_points", "percentage", "amount", "claimed_at"]
    list_filter = ["status"]
    search_fields = ["=dossier__number", "dossier__structure__name"]
    list_select_related = ["dossier"]
    inlines = [StatusHistoryInline]

    @admin.display(description=_("points déclarés"))
    def claimed_points(self, obj):
        return rse.points(obj.dossier.programme, obj.claimed)
