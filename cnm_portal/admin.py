"""Admin screens of the kit, and the mixins every app's admin builds on.

- :class:`WorkflowAdminMixin`: the change page's action buttons come from the workflow table.
- :class:`ServiceFormAdminMixin`: a small form whose data one service acts on.
- :class:`ActionOnlyAdminMixin`: records that change only through services (read-only pages).
- :class:`StatusHistoryInline`: the workflow history of any object.
- :class:`IndexedSearchMixin`: a search box the indexes answer (no join, no DISTINCT).
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import connection, models
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext_lazy as _

from cnm_portal.forms import add_service_errors, form_data, form_files
from cnm_portal.models import AuditEntry, OutboxMessage, StatusChange
from cnm_portal.paginator import CappedCountPaginator
from cnm_portal.workflow import Workflow


class IndexedSearchMixin:
    """Admin search over big tables that indexes answer (shared/DESIGN.md §5, issue 12).

    - ``exact_search``: ``{lookup: regex}``; a term of that shape (a numéro CNM, a SIRET, a notice
      number, an id) is compared with ``=`` (spaces removed, upper-cased): a b-tree lookup.
    - ``prefix_search``: lookups compared with ``LIKE 'TERM%'`` on the upper-cased term (an
      identifier typed in part; ``varchar_pattern_ops`` index on PostgreSQL).
    - ``text_search``: lookups compared with ``icontains``, i.e. ``UPPER(col) LIKE '%TERM%'``,
      which PostgreSQL answers with a ``gin_trgm_ops`` index on ``UPPER(col)`` (the apps'
      ``*_pages_*`` migrations; SQLite scans, which is fine at its size).

    A lookup through a relation (``structure__name``) becomes ``structure_id IN (SELECT id …)``:
    no join of the big table with the searched one, hence no duplicates and no DISTINCT.
    """

    exact_search: Mapping[str, str] = {}
    prefix_search: Iterable[str] = ()
    text_search: Iterable[str] = ()

    def get_search_fields(self, request):
        return [*self.exact_search, *self.prefix_search, *self.text_search]

    def get_search_results(self, request, queryset, search_term):
        term = " ".join(search_term.split())
        if not term:
            return queryset, False
        compact = term.replace(" ", "").upper()
        wanted = []
        for lookup, pattern in self.exact_search.items():
            if re.fullmatch(pattern, compact, flags=re.IGNORECASE):
                wanted.append((lookup, "exact", compact))
        wanted += [(lookup, "startswith", compact) for lookup in self.prefix_search]
        wanted += [(lookup, "icontains", term) for lookup in self.text_search]
        local, related = models.Q(pk__in=[]), {}
        for lookup, operator, value in wanted:
            relation, _sep, column = lookup.rpartition("__")
            condition = models.Q(**{f"{column}__{operator}": value})
            if relation:
                related[relation] = related.get(relation, models.Q(pk__in=[])) | condition
            else:
                local |= condition
        for relation, condition in related.items():
            local |= self._related_q(queryset.model, relation, condition)
        return queryset.filter(local), False

    RELATED_IDS = 500

    def _related_q(self, model, relation: str, condition: models.Q) -> models.Q:
        """``fk IN (ids)``, the ids read first (one query per relation): PostgreSQL combines an
        id list with the other conditions in one bitmap of index scans, where ``fk IN
        (SELECT …)`` ORed with them becomes a filter over the whole table. Past
        ``RELATED_IDS`` matches (a common word), the subquery keeps the result complete."""
        related = model
        for name in relation.split("__"):
            related = related._meta.get_field(name).related_model
        matching = related._default_manager.filter(condition).order_by().values("pk")
        ids = [row["pk"] for row in matching[: self.RELATED_IDS + 1]]
        return models.Q(**{f"{relation}__in": ids if len(ids) <= self.RELATED_IDS else matching})


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "attempts", "created_at", "processed_at"]
    list_filter = ["status", "kind"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    actions = ["retry_now"]

    @admin.action(description="Relancer le traitement maintenant")
    def retry_now(self, request, queryset):
        from cnm_portal.outbox import outbox_process

        done = 0
        for message in queryset.filter(status=OutboxMessage.Status.FAILED):
            OutboxMessage.objects.filter(pk=message.pk).update(
                status=OutboxMessage.Status.PENDING, attempts=0
            )
        for pk in queryset.values_list("pk", flat=True):
            done += outbox_process(pk)
        self.message_user(request, f"{done} message(s) traité(s).")

    def has_add_permission(self, request):
        return False


class AuditActionFilter(admin.SimpleListFilter):
    """The actions of the journal, read as a loose index scan of ``audit_action_idx`` (one
    index probe per distinct action): ``SELECT DISTINCT action`` reads millions of rows."""

    title = _("action")
    parameter_name = "action"
    LIMIT = 200

    def lookups(self, request, model_admin):
        table = connection.ops.quote_name(AuditEntry._meta.db_table)
        sql = (
            f"WITH RECURSIVE actions(action, n) AS ("  # noqa: S608 - a quoted table name
            f" SELECT MIN(action), 1 FROM {table}"
            f" UNION ALL SELECT (SELECT MIN(action) FROM {table} WHERE action > actions.action),"
            f" n + 1 FROM actions WHERE actions.action IS NOT NULL AND n < %s"
            f") SELECT action FROM actions WHERE action IS NOT NULL"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.LIMIT])
            return [(action, action) for (action,) in cursor.fetchall()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(action=self.value())
        return queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(IndexedSearchMixin, admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "target_label"]
    list_filter = [AuditActionFilter]
    text_search = ["actor_label", "target_label"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    list_select_related = ["content_type"]
    paginator = CappedCountPaginator
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatusHistoryInline(GenericTabularInline):
    """Add to any admin whose model has a workflow: the full history, read-only."""

    model = StatusChange
    ct_fk_field = "object_id"
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "actor_label", "comment"]
    readonly_fields = fields
    ordering = ["at", "pk"]

    def has_add_permission(self, request, obj=None):
        return False


class ServiceFormAdminMixin:
    """Admin pages where an agent fills a small form that one service acts on (a payment, a
    receipt date, a reasoned answer…). The service raises ``ValidationError``: shown on the form,
    nothing changed."""

    service_form_template = "admin/service_form.html"

    def service_object(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.model, pk=pk)

    def render_service_form(self, request, title, form, original=None):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "original": original,
            "opts": self.model._meta,
            "cancel_url": (
                reverse(admin_urlname(self.model._meta, "change"), args=[quote(original.pk)])
                if isinstance(original, self.model)
                else None
            ),
        }
        return TemplateResponse(request, self.service_form_template, context)

    def service_form_view(self, request, pk, form_class, title, handle, *, done=None):
        obj = self.service_object(request, pk)
        form = form_class(form_data(request), form_files(request))
        if request.method == "POST" and form.is_valid():
            try:
                handle(obj, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, done or _("Enregistré."))
                return redirect(admin_urlname(self.model._meta, "change"), obj.pk)
        return self.render_service_form(request, title, form, obj)


class ActionOnlyAdminMixin:
    """Records that change only through services (workflow, payments…): the admin shows them
    read-only, never adds or deletes them; agents act through buttons and actions."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- buttons built from the workflow table ---------------------------------------------------

Handler = Callable[[HttpRequest, Any, dict], Any]


@dataclass(frozen=True)
class WorkflowAction:
    """One button of a change page, run by :class:`WorkflowAdminMixin`.

    ``handle(request, obj, cleaned_data)`` calls one service (``actor=request.user``); a
    ``ValidationError`` it raises is shown on the form (or as a message) and nothing changes. It
    may return a model instance registered in the admin: the agent is then sent to its page (a
    rectification created from a declaration…). ``form_class`` (optional) is asked first, built
    with ``form_kwargs(request, obj)`` when given. ``permission`` is an ``"app.codename"``; without
    it the admin's change permission decides. ``statuses`` is for :attr:`object_actions` only.
    """

    label: str
    handle: Handler
    form_class: type[forms.BaseForm] | None = None
    permission: str | None = None
    done: str | None = None
    form_kwargs: Callable[[HttpRequest, Any], dict] | None = None
    # object actions (not a move of the workflow): the statuses where the button shows, and
    # the reasons why it cannot be used now (empty: it can)
    statuses: frozenset[str] = frozenset()
    reasons: Callable[[Any], Iterable[str]] | None = None


@dataclass
class WorkflowButton:
    label: str
    url: str
    has_form: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def enabled(self) -> bool:
        return not self.reasons


class WorkflowAdminMixin(ServiceFormAdminMixin):
    """Action buttons of the change page built from the workflow table, one generic URL.

    Declare on the ``ModelAdmin``::

        class DeclarationAdmin(WorkflowAdminMixin, admin.ModelAdmin):
            workflow = declaration_flow
            workflow_actions = {
                # keyed by the target status: the button shows wherever the table allows
                # the move to it…
                D.EN_REVUE: WorkflowAction(label=_("Retenir pour examen"), form_class=HoldForm,
                                           handle=lambda request, obj, data: services.…),
                # …or by (from, to) when the same target needs another action from one source
                (D.COPRODUCTION, D.DEPOSEE): WorkflowAction(…),
            }
            # other services on the object that are not a move (a payment, a receipt date…)
            object_actions = {"paiement": WorkflowAction(…, statuses={N.A_PAYER, N.RELANCE})}

    For the object's current status the page shows one button per move of
    ``workflow.targets(status)`` that has an action, disabled with the reasons of
    ``workflow.can(obj, to)`` (the guards), and the object actions of that status. Every button
    posts to ``<pk>/transition/<to>/`` (URL name ``<app>_<model>_transition``) or
    ``<pk>/action/<name>/`` (``<app>_<model>_object_action``), which re-checks the table and the
    guards, asks the form if there is one, calls the handler and turns a ``ValidationError``
    into form errors or messages. The service still applies the move through the workflow, which
    checks the guards again under the row lock. An action whose target is not in the table (or
    whose statuses are not the workflow's) is refused when the class is defined.
    """

    workflow: Workflow | None = None
    workflow_actions: Mapping[str | tuple[str, str], WorkflowAction] = {}
    object_actions: Mapping[str, WorkflowAction] = {}
    change_form_template = "admin/workflow_change_form.html"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.workflow is None:
            if cls.workflow_actions or cls.object_actions:
                raise ImproperlyConfigured(f"{cls.__name__}: actions declared without a workflow")
            return
        flow = cls.workflow
        reachable = {target for targets in flow.transitions.values() for target in targets}
        for key, action in cls.workflow_actions.items():
            if action.statuses or action.reasons:
                raise ImproperlyConfigured(
                    f"{cls.__name__}: {key!r} is a move, its preconditions are the workflow's "
                    "guards (statuses/reasons are for object_actions)"
                )
            if isinstance(key, tuple):
                source, target = key
                if not flow.allows(source, target):
                    raise ImproperlyConfigured(
                        f"{cls.__name__}: {source} → {target} is not in the table of {flow.name}"
                    )
            elif key not in reachable:
                raise ImproperlyConfigured(
                    f"{cls.__name__}: no move of {flow.name} leads to {key!r}"
                )
        for name, action in cls.object_actions.items():
            unknown = set(action.statuses) - flow.statuses
            if not action.statuses or unknown:
                raise ImproperlyConfigured(
                    f"{cls.__name__}: object action {name!r} needs statuses of {flow.name} "
                    f"(unknown: {sorted(unknown)})"
                )

    # --- reading the declaration ----------------------------------------------------------
    def workflow_action_for(self, source: str, to: str) -> WorkflowAction | None:
        """The action of the move ``source → to``, or None (not in the table, no button)."""
        if self.workflow is None or not self.workflow.allows(source, to):
            return None
        return self.workflow_actions.get((source, to)) or self.workflow_actions.get(to)

    def _allowed(self, request, obj, action: WorkflowAction) -> bool:
        if action.permission:
            return request.user.has_perm(action.permission)
        return self.has_change_permission(request, obj)

    def _url(self, kind: str, *args) -> str:
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{kind}", args=args
        )

    def workflow_buttons(self, request, obj) -> list[WorkflowButton]:
        status = getattr(obj, self.workflow.status_field)
        buttons = []
        seen = set()
        for key in self.workflow_actions:
            to = key[1] if isinstance(key, tuple) else key
            if to in seen:
                continue
            action = self.workflow_action_for(status, to)
            if action is None or not self._allowed(request, obj, action):
                continue
            seen.add(to)
            buttons.append(
                WorkflowButton(
                    label=str(action.label),
                    url=self._url("transition", quote(obj.pk), to),
                    has_form=action.form_class is not None,
                    reasons=self.workflow.can(obj, to),
                )
            )
        for name, action in self.object_actions.items():
            if status not in action.statuses or not self._allowed(request, obj, action):
                continue
            buttons.append(
                WorkflowButton(
                    label=str(action.label),
                    url=self._url("object_action", quote(obj.pk), name),
                    has_form=action.form_class is not None,
                    reasons=[str(r) for r in action.reasons(obj)] if action.reasons else [],
                )
            )
        return buttons

    # --- pages -------------------------------------------------------------------------------
    def get_urls(self):
        opts = self.model._meta
        view = self.admin_site.admin_view
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/transition/<str:to>/",
                view(self.workflow_transition_view),
                name=f"{prefix}_transition",
            ),
            path(
                "<path:object_id>/action/<str:name>/",
                view(self.workflow_object_action_view),
                name=f"{prefix}_object_action",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and self.workflow is not None:
            context["workflow_buttons"] = self.workflow_buttons(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _workflow_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    def workflow_transition_view(self, request, object_id, to):
        obj = self._workflow_object(request, object_id)
        action = self.workflow_action_for(getattr(obj, self.workflow.status_field), to)
        if action is None:
            raise Http404  # a move the table does not have from this status
        if not self._allowed(request, obj, action):
            raise PermissionDenied
        return self._run_action(request, obj, action, self.workflow.can(obj, to))

    def workflow_object_action_view(self, request, object_id, name):
        obj = self._workflow_object(request, object_id)
        action = self.object_actions.get(name)
        if action is None or getattr(obj, self.workflow.status_field) not in action.statuses:
            raise Http404
        if not self._allowed(request, obj, action):
            raise PermissionDenied
        reasons = [str(r) for r in action.reasons(obj)] if action.reasons else []
        return self._run_action(request, obj, action, reasons)

    def _change_url(self, obj) -> str:
        try:
            return reverse(admin_urlname(obj._meta, "change"), args=[quote(obj.pk)])
        except NoReverseMatch:
            return reverse(admin_urlname(self.model._meta, "changelist"))

    def _run_action(self, request, obj, action: WorkflowAction, reasons: list[str]):
        back = self._change_url(obj)
        if reasons:
            for reason in reasons:
                self.message_user(request, reason, messages.ERROR)
            return redirect(back)
        form = None
        data: dict = {}
        posted = request.method == "POST"
        if action.form_class is not None:
            extra = action.form_kwargs(request, obj) if action.form_kwargs else {}
            form = action.form_class(
                request.POST if posted else None, request.FILES if posted else None, **extra
            )
            if not posted or not form.is_valid():
                return self.render_service_form(request, action.label, form, obj)
            data = form.cleaned_data
        elif not posted:
            return redirect(back)  # a button without a form acts on POST only
        try:
            result = action.handle(request, obj, data)
        except ValidationError as error:
            if form is not None:
                add_service_errors(form, error)
                return self.render_service_form(request, action.label, form, obj)
            for message in error.messages:
                self.message_user(request, message, messages.ERROR)
            return redirect(back)
        self.message_user(request, action.done or _("Enregistré."), messages.SUCCESS)
        if isinstance(result, models.Model) and result._meta.model in self.admin_site._registry:
            return redirect(self._change_url(result))
        return redirect(back)


def apply_to_each(model_admin, request, objects, act: Callable[[Any], Any], *, done=None) -> int:
    """An admin action over a selection: ``act(obj)`` calls one service per object; a refusal
    (``ValidationError``) becomes a warning naming the object and the others carry on. ``done``
    (with ``%(n)s``) reports how many succeeded."""
    succeeded = 0
    for obj in objects:
        try:
            act(obj)
        except ValidationError as error:
            model_admin.message_user(
                request, f"{obj} : {' '.join(error.messages)}", messages.WARNING
            )
        else:
            succeeded += 1
    if done:
        model_admin.message_user(request, done % {"n": succeeded})
    return succeeded
