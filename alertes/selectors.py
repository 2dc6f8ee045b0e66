"""Reads of the job alerts."""

from django.db.models import OuterRef, Subquery

from alertes.models import JobAlert


def alert_of(*, user) -> JobAlert | None:
    return JobAlert.objects.filter(user=user).first()


def alert_active_expression(user_ref: OuterRef):
    """The person's alert state for the dashboard summary row (annonces.selectors)."""
    return Subquery(JobAlert.objects.filter(user=user_ref).values("active")[:1])
