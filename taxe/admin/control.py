"""Control (art. 76 VIII): rectifications, mises en demeure and taxation d'office."""

from datetime import timedelta

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from cnm_portal.admin import (
    ActionOnlyAdminMixin,
    StatusHistoryInline,
    WorkflowAction,
    WorkflowAdminMixin,
    apply_to_each,
)
from cnm_portal.dates import today
from cnm_portal.forms import add_service_errors, form_data
from taxe import rules, selectors, services
from taxe.admin.common import ComparablesForm, DeclarationIdForm, MiseEnDemeureForm, TextForm
from taxe.forms import ReceiptForm
from taxe.models import Declaration, MiseEnDemeure, Rectification
from taxe.workflow import MiseEnDemeureStatus as M
from taxe.workflow import NoticeStatus as N
from taxe.workflow import RectificationStatus as R
from taxe.workflow import mise_en_demeure_flow, notice_flow, rectification_flow


class RectificationQueue(admin.SimpleListFilter):
    title = _("file de travail")
    parameter_name = "file"

    def lookups(self, request, model_admin):
        return [("observations", _("Observations à traiter")), ("titres", _("Titres à émettre"))]

    def queryset(self, request, queryset):
        if self.value() == "observations":
            return queryset.filter(status=R.OBSERVATIONS)
        if self.value() == "titres":
            return queryset.filter(status__in=(R.NOTIFIEE, R.REPONDUE))
        return queryset


def receipt_action(label, handle, status) -> WorkflowAction:
    """A delivery date (acknowledgement of receipt) typed by the agent, in one status."""
    return WorkflowAction(
        label=label, form_class=ReceiptForm, handle=handle, statuses=frozenset({status})
    )


def _rectification_receipt(answer: bool):
    def handle(request, rectification, data):
        services.rectification_record_receipt(
            rectification=rectification, actor=request.user, answer=answer, **data
        )

    return handle


@admin.register(Rectification)
class RectificationAdmin(ActionOnlyAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "declaration",
        "status",
        "extra_tax",
        "majoration",
        "notified_on",
        "received_on",
        "answer_received_on",
    ]
    list_filter = [RectificationQueue, "status"]
    list_select_related = ["declaration"]
    search_fields = ["declaration__spectacle", "declaration__structure__name", "notice__number"]
    inlines = [StatusHistoryInline]
    raw_id_fields = ["declaration", "notice", "created_by"]
    actions = ["issue_titres"]

    workflow = rectification_flow
    workflow_actions = {
        R.REPONDUE: WorkflowAction(
            label=_("Répondre aux observations"),
            form_class=TextForm,
            handle=lambda request, obj, data: services.rectification_answer(
                rectification=obj, actor=request.user, text=data["text"]
            ),
            done=_("Réponse motivée envoyée au redevable."),
        ),
        R.CLOSE: WorkflowAction(
            label=_("Émettre le titre exécutoire"),
            handle=lambda request, obj, data: services.rectification_issue_titre(
                rectification=obj, actor=request.user
            ),
            done=_("Titre exécutoire émis."),
        ),
    }
    object_actions = {
        "reception": receipt_action(
            _("Réception de la notification"), _rectification_receipt(answer=False), R.NOTIFIEE
        ),
        "reception-reponse": receipt_action(
            _("Réception de la réponse motivée"), _rectification_receipt(answer=True), R.REPONDUE
        ),
    }

    @admin.action(description=_("Émettre le titre exécutoire (délai écoulé)"))
    def issue_titres(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda obj: services.rectification_issue_titre(rectification=obj, actor=request.user),
            done=_("%(n)s titre(s) exécutoire(s) émis."),
        )


class MiseEnDemeureQueue(admin.SimpleListFilter):
    title = _("file de travail")
    parameter_name = "file"

    def lookups(self, request, model_admin):
        return [
            ("ar", _("Accusé de réception à saisir")),
            ("taxation", _("À taxer d'office (30 jours passés)")),
            ("titres", _("Titres à émettre")),
        ]

    def queryset(self, request, queryset):
        on = today()
        if self.value() == "ar":
            return queryset.filter(status=M.ENVOYEE, received_on__isnull=True)
        if self.value() == "taxation":
            # rules.taxation_office_possible_from(received) <= on
            return queryset.filter(
                status=M.ENVOYEE, received_on__lte=on - timedelta(days=rules.REPLY_DAYS + 1)
            )
        if self.value() == "titres":
            # rules.titre_date_after_taxation_office(received) <= on
            return queryset.filter(
                status=M.TAXEE,
                notification_received_on__lte=on - timedelta(days=rules.REPLY_DAYS),
                notice__status=N.A_PAYER,
            )
        return queryset


def _med_receipt(notification: bool):
    def handle(request, med, data):
        services.mise_en_demeure_record_receipt(
            med=med, actor=request.user, notification=notification, **data
        )

    return handle


def _regularise(request, med, data):
    declaration = Declaration.objects.filter(pk=data["declaration"]).first()
    if declaration is None:
        raise ValidationError({"declaration": _("Déclaration introuvable.")})
    return services.mise_en_demeure_regularise(med=med, declaration=declaration, actor=request.user)


def _comparable_choices(request, med) -> dict:
    return {
        "choices": [
            (
                str(r.pk),
                f"{r.date:%d/%m/%Y} — {r.venue}, {r.city} — {r.base_ht} € "
                f"({r.declaration.structure.name})",
            )
            for r in selectors.comparable_representations(med)
        ]
    }


def _tax_office(request, med, data):
    return services.taxation_office_notify(
        med=med, comparable_ids=[int(i) for i in data["comparables"]], actor=request.user
    )


def _titre_reasons(med) -> list[str]:
    if med.notice is None:
        return [str(_("Aucune taxation d'office notifiée."))]
    return notice_flow.can(med.notice, N.TITRE)


@admin.register(MiseEnDemeure)
class MiseEnDemeureAdmin(ActionOnlyAdminMixin, WorkflowAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "structure",
        "spectacle",
        "representation_date",
        "status",
        "sent_on",
        "received_on",
        "base",
    ]
    list_filter = [MiseEnDemeureQueue, "status"]
    list_select_related = ["structure"]
    search_fields = ["spectacle", "structure__name", "structure__numero_cnm"]
    inlines = [StatusHistoryInline]
    raw_id_fields = ["structure", "declaration", "notice", "created_by"]
    actions = ["issue_titres"]

    workflow = mise_en_demeure_flow
    workflow_actions = {
        M.REGULARISEE: WorkflowAction(
            label=_("Régularisée par une déclaration"),
            form_class=DeclarationIdForm,
            handle=_regularise,
        ),
        M.TAXEE: WorkflowAction(
            label=_("Taxer d'office"),
            form_class=ComparablesForm,
            form_kwargs=_comparable_choices,
            handle=_tax_office,
            done=_("Taxation d'office notifiée (majoration de 40 %)."),
        ),
    }
    object_actions = {
        "reception": receipt_action(
            _("Réception de la mise en demeure"), _med_receipt(notification=False), M.ENVOYEE
        ),
        "reception-notification": receipt_action(
            _("Réception de la notification des droits"), _med_receipt(notification=True), M.TAXEE
        ),
        "titre": WorkflowAction(
            label=_("Émettre le titre exécutoire"),
            handle=lambda request, med, data: services.taxation_office_issue_titre(
                med=med, actor=request.user
            ),
            statuses=frozenset({M.TAXEE}),
            reasons=_titre_reasons,
            done=_("Titre exécutoire émis."),
        ),
    }

    def has_add_permission(self, request, obj=None):
        return admin.ModelAdmin.has_add_permission(self, request)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("nouvelle/", view(self.create_view), name="taxe_miseendemeure_create"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:taxe_miseendemeure_create")

    def create_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = MiseEnDemeureForm(form_data(request))
        if request.method == "POST" and form.is_valid():
            try:
                med = services.mise_en_demeure_send(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(
                    request, _("Mise en demeure préparée (courrier recommandé en PDF).")
                )
                return redirect("admin:taxe_miseendemeure_change", med.pk)
        return self.render_service_form(request, _("Mettre en demeure de déclarer"), form, None)

    @admin.action(description=_("Émettre le titre exécutoire (30 jours après la notification)"))
    def issue_titres(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset.filter(status=M.TAXEE),
            lambda obj: services.taxation_office_issue_titre(med=obj, actor=request.user),
            done=_("%(n)s titre(s) exécutoire(s) émis."),
        )
