"""The one mechanism that moves a status.

Each app declares its lifecycle as a :class:`Workflow`: a table ``{from: {to, ...}}``, guards
(plain functions returning a list of French error messages) and effects (functions run inside
the transaction, typically to enqueue outbox messages). :meth:`Workflow.apply` locks the row,
refuses any move that is not in the table, runs the guards, writes the status and a
:class:`~cnm_portal.models.StatusChange` row with the actor. The status field is written
nowhere else.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cnm_portal.audit import actor_label
from cnm_portal.models import StatusChange

M = TypeVar("M", bound=models.Model)
Guard = Callable[[Any], Iterable[str]]
Effect = Callable[[Any, StatusChange], None]


class TransitionNotAllowed(ValidationError):
    """The move is not in the workflow's table."""


@dataclass(frozen=True)
class Workflow:
    name: str
    transitions: Mapping[str, frozenset[str] | set[str]]
    initial: str
    status_field: str = "status"
    # Other statuses an object may be created in (e.g. a notice held below a threshold).
    other_initials: frozenset[str] = frozenset()
    guards: Mapping[tuple[str, str], Sequence[Guard]] = field(default_factory=dict)
    # Effects keyed by target status ("*" is not allowed: every effect names its target).
    effects: Mapping[str, Sequence[Effect]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        statuses = set(self.transitions) | {t for ts in self.transitions.values() for t in ts}
        if self.initial not in statuses:
            raise ValueError(f"{self.name}: initial status {self.initial!r} is not in the table")
        for source, target in self.guards:
            if target not in self.transitions.get(source, ()):
                raise ValueError(f"{self.name}: guard on unknown transition {source}→{target}")
        for target in self.effects:
            if target not in statuses:
                raise ValueError(f"{self.name}: effect on unknown status {target!r}")

    # --- reading -------------------------------------------------------------------------
    @property
    def statuses(self) -> frozenset[str]:
        """Every status of the table (sources, targets, initial ones)."""
        return frozenset(
            {self.initial, *self.other_initials, *self.transitions}
            | {t for ts in self.transitions.values() for t in ts}
        )

    def allows(self, source: str, to: str) -> bool:
        return to in self.targets(source)

    def targets(self, status: str) -> frozenset[str]:
        return frozenset(self.transitions.get(status, ()))

    def can(self, obj: models.Model, to: str) -> list[str]:
        """The reasons why ``obj`` cannot move to ``to`` now (empty list: it can)."""
        current = getattr(obj, self.status_field)
        if to not in self.targets(current):
            return [self._not_allowed_message(obj, current, to)]
        return [str(error) for guard in self.guards.get((current, to), ()) for error in guard(obj)]

    def history(self, obj: models.Model):
        return StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).select_related("actor")

    # --- writing -------------------------------------------------------------------------
    def start(self, obj: M, *, actor: Any, comment: str = "") -> M:
        """Record the creation of ``obj`` in its initial status (``obj`` must be saved)."""
        status = getattr(obj, self.status_field)
        if status != self.initial and status not in self.other_initials:
            raise ValueError(f"{self.name}: a new object cannot start in {status!r}")
        change = self._record(obj, "", status, actor=actor, comment=comment)
        for effect in self.effects.get(status, ()):
            effect(obj, change)
        return obj

    def apply(
        self,
        obj: M,
        to: str,
        *,
        actor: Any,
        comment: str = "",
        updates: Mapping[str, Any] | None = None,
    ) -> M:
        """Move ``obj`` to ``to``; ``updates`` are other fields saved in the same write.

        Returns the locked, updated instance; ``obj`` itself is refreshed too.
        """
        updates = dict(updates or {})
        if self.status_field in updates:
            raise ValueError("the status is set by the workflow, not through updates")
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            current = getattr(locked, self.status_field)
            errors = self.can(locked, to)
            if errors:
                if to not in self.targets(current):
                    raise TransitionNotAllowed(errors)
                raise ValidationError(errors)
            setattr(locked, self.status_field, to)
            for name, value in updates.items():
                setattr(locked, name, value)
            update_fields = [self.status_field, *updates]
            locked.save(update_fields=update_fields)
            change = self._record(locked, current, to, actor=actor, comment=comment)
            for effect in self.effects.get(to, ()):
                effect(locked, change)
        for name in update_fields:
            setattr(obj, name, getattr(locked, name))
        return locked

    def apply_bulk(
        self,
        queryset: models.QuerySet,
        source: str,
        to: str,
        *,
        actor: Any,
        comment: str = "",
        marker: tuple[str, Any],
        updates: Mapping[str, Any] | None = None,
    ) -> int:
        """Set-based move of every row of ``queryset`` in ``source`` to ``to``, for batches.

        ``marker`` is a (field, value) pair written with the move and used to select the moved
        rows when writing their history rows, in one INSERT … SELECT. Bulk moves have no guards
        and no effects: the caller schedules side effects for the whole batch.
        """
        if to not in self.targets(source):
            raise TransitionNotAllowed(
                [f"{self.name}: {source} → {to} is not in the transition table"]
            )
        if self.guards.get((source, to)) or self.effects.get(to):
            raise ValueError(f"{self.name}: {source} → {to} has guards or effects: not in bulk")
        model = queryset.model
        marker_field, marker_value = marker
        with transaction.atomic():
            moved = queryset.filter(**{self.status_field: source}).update(
                **{self.status_field: to, marker_field: marker_value, **(updates or {})}
            )
            if moved:
                self._record_bulk(model, marker_field, marker_value, source, to, actor, comment)
        return moved

    def record_created_bulk(
        self, model: type[models.Model], *, marker: tuple[str, Any], actor: Any, comment: str = ""
    ) -> None:
        """History rows for objects inserted set-based: from "" to their status column."""
        field, value = marker
        self._insert_history(model, field, value, "", None, actor, comment)

    # --- internals -----------------------------------------------------------------------
    def _record_bulk(self, model, marker_field, marker_value, source, to, actor, comment) -> None:
        self._insert_history(model, marker_field, marker_value, source, to, actor, comment)

    def _insert_history(
        self, model, marker_field, marker_value, source: str, to: str | None, actor, comment
    ) -> None:
        """One INSERT … SELECT of history rows for the rows carrying the marker; ``to=None``
        takes each row's own status."""
        from django.db import connection

        qn = connection.ops.quote_name
        meta = model._meta
        history = StatusChange._meta
        columns = ", ".join(
            qn(history.get_field(name).column)
            for name in (
                "content_type",
                "object_id",
                "workflow",
                "from_status",
                "to_status",
                "actor",
                "actor_label",
                "comment",
                "at",
            )
        )
        to_sql = "%s" if to is not None else qn(meta.get_field(self.status_field).column)
        params: list[Any] = [ContentType.objects.get_for_model(model).pk, self.name, source]
        if to is not None:
            params.append(to)
        params += [
            actor.pk if actor is not None and actor.pk else None,
            actor_label(actor),
            comment,
            timezone.now(),
            getattr(marker_value, "pk", marker_value),
        ]
        where = f"{qn(meta.get_field(marker_field).column)} = %s"
        if to is not None:  # rows of the same marker moved by another call keep their history
            where += f" AND {qn(meta.get_field(self.status_field).column)} = %s"
            params.append(to)
        sql = (
            f"INSERT INTO {qn(history.db_table)} ({columns}) "  # noqa: S608 (identifiers only)
            f"SELECT %s, CAST({qn(meta.pk.column)} AS VARCHAR(64)), %s, %s, {to_sql}, %s, %s, %s, %s "
            f"FROM {qn(meta.db_table)} WHERE {where}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def _record(
        self, obj: models.Model, source: str, target: str, *, actor: Any, comment: str
    ) -> StatusChange:
        return StatusChange.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            workflow=self.name,
            from_status=source,
            to_status=target,
            actor=actor if actor is not None and actor.pk else None,
            actor_label=actor_label(actor),
            comment=comment,
        )

    def _not_allowed_message(self, obj: models.Model, current: str, to: str) -> str:
        return _("Impossible de passer du statut « %(current)s » au statut « %(to)s ».") % {
            "current": self.label(obj, current),
            "to": self.label(obj, to),
        }

    def label(self, obj: models.Model, status: str) -> str:
        choices = dict(obj._meta.get_field(self.status_field).flatchoices)
        return str(choices.get(status, status))
