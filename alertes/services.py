"""Every write of the job alerts: set up, pause, one-click unsubscribe, and the daily e-mail
(idempotent: a sent-ads table with a unique (alert, ad) and one e-mail per alert per day)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alertes.models import AlertDelivery, JobAlert
from alertes.tokens import unsubscribe_token
from annonces import rules
from annonces.choices import ContractType, JobFamily, Region
from annonces.models import JobAd
from annonces.workflow import A
from cnm_portal.audit import audit_record
from cnm_portal.dates import today
from cnm_portal.emails import email_enqueue_template

PREFIX = "alertes/email/"
# An e-mail lists at most this many ads (the newest); the others stay on the public list.
MAX_ADS_PER_EMAIL = 30
# A first run (or an alert paused for long) looks back at most this far.
LOOKBACK = dt.timedelta(days=14)


def _clean_list(values, choices, field: str) -> list[str]:
    allowed = {value for value, _label in choices}
    values = list(dict.fromkeys(values or []))
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValidationError({field: _("Choix inconnu : %(v)s.") % {"v": ", ".join(unknown)}})
    return sorted(values)


def _notify(alert: JobAlert, step: str) -> None:
    email_enqueue_template(
        to=[alert.user.email],
        template_prefix=PREFIX + step,
        context={"alert": alert, "unsubscribe_url": unsubscribe_url(alert)},
    )


def unsubscribe_url(alert: JobAlert) -> str:
    return reverse("alertes:unsubscribe", kwargs={"token": unsubscribe_token(alert)})


def unsubscribe_headers(alert: JobAlert) -> dict[str, str]:
    """RFC 2369 / RFC 8058: mail clients offer « se désabonner », posted in one click to the
    same signed URL as the e-mail's link (the view accepts that POST without CSRF token)."""
    return {
        "List-Unsubscribe": f"<{settings.SITE_URL}{unsubscribe_url(alert)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def alert_save(
    *,
    user,
    keywords: str = "",
    contract_types=(),
    regions=(),
    families=(),
    active: bool = True,
    actor,
) -> JobAlert:
    """Create or change the person's alert; an e-mail when it becomes active or inactive.
    Posting the same form twice changes nothing the second time."""
    keywords = " ".join((keywords or "").split())
    if len(keywords) > 255:
        raise ValidationError({"keywords": _("255 caractères au plus.")})
    values = {
        "keywords": keywords,
        "contract_types": _clean_list(contract_types, ContractType.choices, "contract_types"),
        "regions": _clean_list(regions, Region.choices, "regions"),
        "families": _clean_list(families, JobFamily.choices, "families"),
        "active": bool(active),
    }
    now = timezone.now()
    with transaction.atomic():
        alert = JobAlert.objects.select_for_update().filter(user=user).first()
        if alert is None:
            try:
                with transaction.atomic():
                    alert = JobAlert.objects.create(user=user, checked_until=now, **values)
            except IntegrityError:  # created by a concurrent request: change that one
                alert = JobAlert.objects.select_for_update().get(user=user)
            else:
                audit_record(actor=actor, action="alertes.alert_create", target=alert)
                if alert.active:
                    _notify(alert, "activated")
                return alert
        was_active = alert.active
        for name, value in values.items():
            setattr(alert, name, value)
        if alert.active and not was_active:
            alert.checked_until = now  # from now on: no flood of the ads of the pause
        alert.save()
        audit_record(actor=actor, action="alertes.alert_save", target=alert)
        if alert.active != was_active:
            _notify(alert, "activated" if alert.active else "deactivated")
    return alert


def alert_unsubscribe(*, alert_id: int, actor=None) -> JobAlert | None:
    """The link of the e-mail: the alert becomes inactive (twice is harmless)."""
    with transaction.atomic():
        alert = (
            JobAlert.objects.select_for_update().select_related("user").filter(pk=alert_id).first()
        )
        if alert is None or not alert.active:
            return alert
        alert.active = False
        alert.save(update_fields=["active", "updated_at"])
        audit_record(actor=actor, action="alertes.alert_unsubscribe", target=alert)
        _notify(alert, "deactivated")
    return alert


# --- daily job -------------------------------------------------------------------------------


def _candidates(*, since: dt.datetime, until: dt.datetime, on: dt.date) -> list[JobAd]:
    """Ads published in (since, until], still open on ``on``, the newest first."""
    return list(
        JobAd.objects.filter(
            status=A.PUBLIEE,
            closing_date__gte=on,
            published_at__gt=since,
            published_at__lte=until,
        )
        .select_related("for_structure")
        .order_by("-published_at", "-pk")
    )


def _matching(alert: JobAlert, ads: list[JobAd]) -> list[JobAd]:
    phrases = rules.keyword_phrases(alert.keywords)
    return [
        ad
        for ad in ads
        if ad.published_at > alert.checked_until
        and rules.matches(
            text=ad.search_text,
            contract_type=ad.contract_type,
            region=ad.region,
            family=ad.family,
            phrases=phrases,
            contract_types=alert.contract_types,
            regions=alert.regions,
            families=alert.families,
        )
    ]


def daily_send(*, on: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """For each active alert not yet e-mailed today: the ads published since its last run
    that match and were never sent to it, in one e-mail; nothing when nothing matches.
    Returns the number of e-mails queued; a second run the same day queues none."""
    on = on or today()
    now = now or timezone.now()
    due = JobAlert.objects.filter(active=True).exclude(last_sent_on=on)
    oldest = due.order_by("checked_until").values_list("checked_until", flat=True).first()
    if oldest is None:
        return 0
    ads = _candidates(since=max(oldest, now - LOOKBACK), until=now, on=on)
    sent = 0
    for alert_id in list(due.values_list("pk", flat=True).iterator(chunk_size=1000)):
        with transaction.atomic():
            alert = (
                JobAlert.objects.select_for_update()
                .select_related("user")
                .filter(pk=alert_id, active=True)
                .exclude(last_sent_on=on)
                .first()
            )
            if alert is None:
                continue
            found = _matching(alert, ads)
            if found:
                done = set(
                    AlertDelivery.objects.filter(
                        alert=alert, ad_id__in=[ad.pk for ad in found]
                    ).values_list("ad_id", flat=True)
                )
                found = [ad for ad in found if ad.pk not in done][:MAX_ADS_PER_EMAIL]
            alert.checked_until = now
            if found:
                AlertDelivery.objects.bulk_create(
                    [AlertDelivery(alert=alert, ad=ad, sent_on=on) for ad in found]
                )
                alert.last_sent_on = on
                email_enqueue_template(
                    to=[alert.user.email],
                    template_prefix=PREFIX + "daily",
                    context={
                        "alert": alert,
                        "ads": found,
                        "unsubscribe_url": unsubscribe_url(alert),
                    },
                    headers=unsubscribe_headers(alert),
                )
                sent += 1
            alert.save(update_fields=["checked_until", "last_sent_on", "updated_at"])
    return sent
