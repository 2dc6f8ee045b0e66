"""Daily job of the espace professionnel (beat schedule in settings); idempotent."""

from celery import shared_task

from cnm_portal.dates import today
from espace_pro import services


@shared_task
def expire_identity_documents() -> int:
    return services.access_request_expire_identity_documents(on=today())
