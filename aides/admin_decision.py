"""Admin of the commission and the decision (RGA art. 4).

- ``DECISION_ACTIONS``: the president's buttons on a dossier (attribution, refus, second
  review), merged into ``DossierAdmin.workflow_actions``; ``DECISION_OBJECT_ACTIONS``: recording
  a contestation, merged into its ``object_actions``.
- ``SessionDecisionAdminMixin``: on ``CommissionSessionAdmin``, the actions on a session (open
  for review, proportional reduction, decision of the whole session, procès-verbal) and the
  panel with the totals against the envelope.
- Read-only admins of the avis, conflicts, decisions (with their letter), contestations and
  reviews.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from aides import forms_commission as forms
from aides.models import (
    Avis,
    CommissionReview,
    CommissionSession,
    ConflictOfInterest,
    Contestation,
    Decision,
)
from aides.selectors_commission import envelope_totals
from aides.services import commission, decision
from aides.services.computation import dossier_computation
from aides.workflow import DossierStatus as S
from cnm_portal.admin import ActionOnlyAdminMixin, WorkflowAction
from cnm_portal.forms import form_data

DECIDE = "aides.decide_dossier"


def _attribution_kwargs(request, dossier) -> dict:
    return {
        "initial_amount": commission.retained_amount(dossier),
        "maximum": dossier_computation(dossier).amount,
    }


DECISION_ACTIONS = {
    (S.EN_COMMISSION, S.ATTRIBUE): WorkflowAction(
        label=_("Attribuer l'aide"),
        form_class=forms.AttributionForm,
        form_kwargs=_attribution_kwargs,
        permission=DECIDE,
        done=_("Aide attribuée : la lettre de notification est envoyée au demandeur."),
        handle=lambda request, obj, data: decision.dossier_attribute(
            dossier=obj, amount=data["amount"], reason=data["reason"], actor=request.user
        ),
    ),
    (S.EN_COMMISSION, S.REFUSE): WorkflowAction(
        label=_("Refuser l'aide"),
        form_class=forms.RefusalForm,
        permission=DECIDE,
        done=_("Refus enregistré : la lettre de notification est envoyée au demandeur."),
        handle=lambda request, obj, data: decision.dossier_refuse(
            dossier=obj, reason=data["reason"], actor=request.user
        ),
    ),
    **{
        (source, S.EN_COMMISSION): WorkflowAction(
            label=_("Saisir la commission une seconde fois"),
            form_class=forms.SecondReviewForm,
            permission=DECIDE,
            done=_("Le dossier est renvoyé en commission pour une seconde instruction."),
            handle=lambda request, obj, data: decision.dossier_second_review(
                dossier=obj, reason=data["reason"], actor=request.user
            ),
        )
        for source in (S.ATTRIBUE, S.REFUSE)
    },
}

DECISION_OBJECT_ACTIONS = {
    "contestation": WorkflowAction(
        label=_("Enregistrer une contestation"),
        form_class=forms.ContestationForm,
        permission="aides.add_contestation",
        statuses=frozenset({S.ATTRIBUE, S.REFUSE}),
        done=_("Contestation enregistrée ; le demandeur en est informé."),
        handle=lambda request, obj, data: decision.contestation_record(
            dossier=obj, received_on=data["received_on"], text=data["text"], actor=request.user
        ),
    ),
}


class SessionDecisionAdminMixin:
    """Mixed into ``CommissionSessionAdmin`` (before ``admin.ModelAdmin``)."""

    actions = ["open_review", "apply_reduction", "decide_session", "record_pv"]

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm(DECIDE)

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("aides.change_commissionreview")

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "commission_panel"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((_("Commission et décision"), {"fields": ["commission_panel"]}))
        return fieldsets

    def get_fields(self, request, obj=None):
        return [f for f in super().get_fields(request, obj) if f != "commission_panel"]

    @admin.display(description=_("examen, enveloppe et procès-verbal"))
    def commission_panel(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        review = CommissionReview.objects.filter(session=obj).first()
        return render_to_string(
            "aides/admin/commission_panel.html",
            {
                "session": obj,
                "review": review,
                "totals": envelope_totals(obj),
                "counts": {
                    label: obj.dossiers.filter(status=value).count()
                    for value, label in S.choices
                    if value in (S.ELIGIBLE, S.EN_COMMISSION, S.ATTRIBUE, S.REFUSE)
                },
                "pv_url": reverse("admin:aides_commissionsession_pv", args=[obj.pk])
                if review and review.pv_file
                else None,
                "decide_url": reverse("admin:aides_commissionsession_decide", args=[obj.pk]),
                "present_url": reverse("admin:aides_commissionsession_present", args=[obj.pk]),
            },
        )

    # --- list actions ----------------------------------------------------------------------
    @admin.action(
        description=_("Ouvrir à l'examen : transmettre les dossiers éligibles à la commission"),
        permissions=["review"],
    )
    def open_review(self, request, queryset):
        for session in queryset:
            _review, moved = commission.session_open_review(session=session, actor=request.user)
            self.message_user(
                request,
                _("%(session)s : %(n)s dossier(s) transmis à la commission.")
                % {"session": session.label, "n": moved},
            )

    @admin.action(
        description=_("Appliquer la réduction proportionnelle (total au-delà de l'enveloppe)"),
        permissions=["decide"],
    )
    def apply_reduction(self, request, queryset):
        for session in queryset:
            try:
                review = commission.session_apply_reduction(session=session, actor=request.user)
            except ValidationError as error:
                for message in error.messages:
                    self.message_user(request, f"{session.label} : {message}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(session)s : montants réduits au disponible de %(available)s.")
                    % {"session": session.label, "available": review.reduction_available},
                )

    def _single(self, request, queryset, url_name):
        if queryset.count() != 1:
            self.message_user(request, _("Sélectionnez une seule session."), messages.ERROR)
            return None
        return redirect(f"admin:{url_name}", queryset.get().pk)

    @admin.action(description=_("Décider la session (selon les avis)"), permissions=["decide"])
    def decide_session(self, request, queryset):
        return self._single(request, queryset, "aides_commissionsession_decide")

    @admin.action(description=_("Établir le procès-verbal"), permissions=["review"])
    def record_pv(self, request, queryset):
        return self._single(request, queryset, "aides_commissionsession_present")

    # --- pages -----------------------------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/decision/", view(self.decide_view), name="aides_commissionsession_decide"
            ),
            path(
                "<int:pk>/presents/",
                view(self.present_view),
                name="aides_commissionsession_present",
            ),
            path("<int:pk>/proces-verbal/", view(self.pv_view), name="aides_commissionsession_pv"),
            *super().get_urls(),
        ]

    def _session(self, request, pk, allowed) -> CommissionSession:
        if not allowed:
            raise PermissionDenied
        return get_object_or_404(CommissionSession, pk=pk)

    def _back(self, session):
        return redirect(admin_urlname(CommissionSession._meta, "change"), session.pk)

    def decide_view(self, request, pk):
        session = self._session(request, pk, self.has_decide_permission(request))
        form = forms.SessionDecisionForm(form_data(request))
        if request.method == "POST" and form.is_valid():
            try:
                result = decision.session_decide(
                    session=session,
                    refusal_reason=form.cleaned_data["refusal_reason"],
                    actor=request.user,
                )
            except ValidationError as error:
                from cnm_portal.forms import add_service_errors

                add_service_errors(form, error)
            else:
                self.message_user(
                    request,
                    _(
                        "%(a)s dossier(s) attribué(s), %(r)s refusé(s), %(l)s laissé(s) en commission."
                    )
                    % {
                        "a": len(result.attributed),
                        "r": len(result.refused),
                        "l": len(result.left),
                    },
                )
                for dossier, reason in result.left:
                    self.message_user(request, f"{dossier.number} : {reason}", messages.WARNING)
                return self._back(session)
        return self._render_form(request, session, _("Décider la session"), form)

    def present_view(self, request, pk):
        session = self._session(request, pk, self.has_review_permission(request))
        form = forms.PresentMembersForm(form_data(request), session=session)
        if request.method == "POST" and form.is_valid():
            try:
                commission.session_record_pv(
                    session=session, present=list(form.cleaned_data["present"]), actor=request.user
                )
            except ValidationError as error:
                from cnm_portal.forms import add_service_errors

                add_service_errors(form, error)
            else:
                self.message_user(request, _("Le procès-verbal est en cours d'établissement."))
                return self._back(session)
        return self._render_form(request, session, _("Établir le procès-verbal"), form)

    def _render_form(self, request, session, title, form):
        from django.template.response import TemplateResponse

        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "original": session,
            "opts": CommissionSession._meta,
            "cancel_url": reverse(
                admin_urlname(CommissionSession._meta, "change"), args=[session.pk]
            ),
        }
        return TemplateResponse(request, "admin/service_form.html", context)

    def pv_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        review = get_object_or_404(CommissionReview, session_id=pk)
        if not review.pv_file:
            raise Http404
        return FileResponse(
            review.pv_file.open("rb"), as_attachment=True, filename=f"proces-verbal-{pk}.pdf"
        )


class _ReadOnly(ActionOnlyAdminMixin, admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Avis)
class AvisAdmin(_ReadOnly):
    list_display = ["dossier", "member", "kind", "amount", "given_at", "superseded"]
    list_filter = ["kind", "superseded"]
    search_fields = ["dossier__number", "member__email", "member__last_name"]
    list_select_related = ["dossier", "member"]
    raw_id_fields = ["dossier", "session"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(_ReadOnly):
    list_display = ["dossier", "member", "declared_at"]
    search_fields = ["dossier__number", "member__email", "member__last_name"]
    list_select_related = ["dossier", "member"]


@admin.register(Decision)
class DecisionAdmin(_ReadOnly):
    list_display = ["dossier", "kind", "amount", "decided_on", "decided_by", "letter_link"]
    list_filter = ["kind"]
    search_fields = ["dossier__number", "dossier__structure__name"]
    list_select_related = ["dossier", "decided_by"]
    date_hierarchy = "decided_on"

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "letter_link"]

    @admin.display(description=_("lettre de notification"))
    def letter_link(self, obj):
        if not obj.letter:
            return _("en préparation")
        url = reverse("admin:aides_decision_letter", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger"))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/lettre/", view(self.letter_view), name="aides_decision_letter"),
            *super().get_urls(),
        ]

    def letter_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        obj = get_object_or_404(Decision.objects.exclude(letter=""), pk=pk)
        return FileResponse(
            obj.letter.open("rb"), as_attachment=True, filename=f"decision-{pk}.pdf"
        )


@admin.register(Contestation)
class ContestationAdmin(_ReadOnly):
    list_display = ["dossier", "received_on", "recorded_by", "sent_back_at"]
    search_fields = ["dossier__number", "dossier__structure__name"]
    list_select_related = ["dossier", "recorded_by"]


@admin.register(CommissionReview)
class CommissionReviewAdmin(_ReadOnly):
    list_display = ["session", "opened_at", "pv_rendered_at", "reduced_at"]
    list_select_related = ["session"]
