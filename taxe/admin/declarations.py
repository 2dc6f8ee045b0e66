"""Declarations and liquidation batches: queues, review, liquidation, rectification."""

from dataclasses import replace

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cnm_portal.admin import (
    ActionOnlyAdminMixin,
    IndexedSearchMixin,
    StatusHistoryInline,
    WorkflowAction,
    WorkflowAdminMixin,
    apply_to_each,
)
from cnm_portal.dates import today
from cnm_portal.paginator import CappedCountPaginator
from taxe import services
from taxe.admin.common import RectificationForm, export_csv
from taxe.forms import HoldForm
from taxe.models import CoproductionShare, Declaration, LiquidationBatch, Representation
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import declaration_flow


class QueueFilter(admin.SimpleListFilter):
    title = _("file de travail")
    parameter_name = "file"

    def lookups(self, request, model_admin):
        return [
            ("a_liquider", _("À liquider")),
            ("en_revue", _("Retenues pour examen")),
            ("coproduction", _("Répartition en attente de signature")),
            ("en_retard", _("Déposées en retard")),
            ("liquidation_depassee", _("Délai de 15 jours dépassé")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "a_liquider":
            return queryset.filter(status=D.DEPOSEE)
        if value == "en_revue":
            return queryset.filter(status=D.EN_REVUE)
        if value == "coproduction":
            return queryset.filter(status=D.COPRODUCTION)
        if value == "en_retard":
            return queryset.filter(is_late=True)
        if value == "liquidation_depassee":
            return queryset.filter(
                status__in=(D.DEPOSEE, D.EN_REVUE, D.COPRODUCTION), liquidation_due_on__lt=today()
            )
        return queryset


class RepresentationInline(admin.TabularInline):
    model = Representation
    extra = 0
    can_delete = False
    fields = [
        "date",
        "venue",
        "city",
        "category",
        "astp_theatre",
        "educational",
        "ticketing",
        "base_ht",
        "taxability",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ShareInline(admin.TabularInline):
    model = CoproductionShare
    extra = 0
    can_delete = False
    fields = ["structure", "share", "signed_at", "refused_at", "refusal_reason"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _hold(request, declaration, data):
    return services.declaration_hold(
        declaration=declaration, actor=request.user, reason=data["reason"]
    )


def _release(request, declaration, data):
    return services.declaration_release(declaration=declaration, actor=request.user)


def _liquidate(request, declaration, data):
    services.liquidation_run(
        actor=request.user, declarations=Declaration.objects.filter(pk=declaration.pk)
    )


def _rectify(request, declaration, data):
    return services.rectification_notify(declaration=declaration, actor=request.user, **data)


RECTIFY = WorkflowAction(
    label=_("Notifier une rectification"),
    form_class=RectificationForm,
    handle=_rectify,
    permission="taxe.change_declaration",
    done=_("Rectification notifiée (majoration de 10 %)."),
)


@admin.register(Declaration)
class DeclarationAdmin(
    IndexedSearchMixin, ActionOnlyAdminMixin, WorkflowAdminMixin, admin.ModelAdmin
):
    paginator = CappedCountPaginator
    list_display = [
        "id",
        "spectacle",
        "structure",
        "status",
        "received_at",
        "is_late",
        "taxable_base",
        "tax_due",
        "liquidation_due_on",
    ]
    list_filter = [QueueFilter, "status", "is_late"]
    list_select_related = ["structure"]
    # indexed search (migrations taxe 0003 / espace_pro 0003_pages_indexes)
    exact_search = {
        "id": r"\d{1,10}",
        "structure__numero_cnm": r"[A-Z]{1,3}\d{4,9}",
        "structure__siret": r"\d{14}",
    }
    prefix_search = ["structure__numero_cnm"]
    text_search = ["spectacle", "structure__name"]
    search_help_text = _(
        "N° de déclaration, numéro CNM ou SIRET exact, début d'un numéro CNM, ou une partie du "
        "spectacle ou du nom de la structure."
    )
    show_full_result_count = False
    inlines = [RepresentationInline, ShareInline, StatusHistoryInline]
    actions = ["liquidate_now", "release", export_csv]
    raw_id_fields = ["structure", "batch", "created_by"]

    workflow = declaration_flow
    workflow_actions = {
        D.EN_REVUE: WorkflowAction(
            label=_("Retenir pour examen"),
            form_class=HoldForm,
            handle=_hold,
            done=_("Déclaration retenue pour examen : elle ne sera pas liquidée."),
        ),
        (D.EN_REVUE, D.DEPOSEE): WorkflowAction(
            label=_("Fin d'examen : remettre dans la file de liquidation"),
            handle=_release,
            done=_("Déclaration remise dans la file de liquidation."),
        ),
        (D.DEPOSEE, D.LIQUIDEE): WorkflowAction(
            label=_("Liquider maintenant"), handle=_liquidate, done=_("Déclaration liquidée.")
        ),
        # a declaration recorded without tax is liquidated by its rectification
        (D.NON_TAXABLE, D.LIQUIDEE): RECTIFY,
    }
    object_actions = {"rectification": replace(RECTIFY, statuses=frozenset({D.LIQUIDEE}))}

    @admin.action(description=_("Liquider maintenant les déclarations déposées sélectionnées"))
    def liquidate_now(self, request, queryset):
        batch = services.liquidation_run(actor=request.user, declarations=queryset)
        self.message_user(
            request,
            _(
                "%(n)s déclaration(s) liquidée(s) ; %(i)s avis émis, %(h)s retenus sous le seuil, %(r)s libérés."
            )
            % {
                "n": batch.declarations,
                "i": batch.notices_issued,
                "h": batch.notices_held,
                "r": batch.notices_released,
            },
        )

    @admin.action(description=_("Remettre dans la file de liquidation (fin d'examen)"))
    def release(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset.filter(status=D.EN_REVUE),
            lambda obj: services.declaration_release(declaration=obj, actor=request.user),
            done=_("%(n)s déclaration(s) remise(s) dans la file de liquidation."),
        )


@admin.register(LiquidationBatch)
class LiquidationBatchAdmin(ActionOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "run_by",
        "declarations",
        "notices_issued",
        "notices_held",
        "notices_released",
    ]
    list_select_related = ["run_by"]
