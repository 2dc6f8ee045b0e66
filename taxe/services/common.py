"""What every tax service shares: outbox kinds, recipients, notice numbers, row locks."""

import re
import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from cnm_portal.dates import format_date_fr, today
from espace_pro.models import Membership
from taxe import rules

NOTICES_KIND = "taxe.notices"
LETTER_KIND = "taxe.letter"
NOTICE_PREFIX = "AV-"
# 48 random bits as 12 hexadecimal digits (no O or I to misread on paper)
NOTICE_RANDOM_HEX = 12
# a number as printed (with its random part) or as an older bank label may quote it (without)
NOTICE_NUMBER_RE = re.compile(r"AV-(?:R\d+-\d+|T\d+|\d+)(?:-[0-9A-F]{12})?")


def notice_number(sequence: str) -> str:
    """``AV-<sequence>-<random>``: the sequence keeps numbers readable and sorted, the random
    part makes the number (which doubles as an activation code) impossible to guess."""
    return f"{NOTICE_PREFIX}{sequence}-{secrets.token_hex(NOTICE_RANDOM_HEX // 2).upper()}"


def emails(structure_id: int) -> list[str]:
    return list(
        Membership.objects.filter(structure_id=structure_id).values_list("user__email", flat=True)
    )


def locked(model: type[models.Model], pk) -> models.Model:
    """The row, locked until the end of the transaction (call inside ``transaction.atomic``)."""
    return model._default_manager.select_for_update().get(pk=pk)


def check_reassessment(exigible_on: date) -> None:
    if not rules.can_reassess(exigible_on, today()):
        raise ValidationError(
            _(
                "Le droit de reprise est éteint depuis le %(date)s (31 décembre de la troisième année "
                "qui suit l'exigibilité, article 76 VIII)."
            )
            % {"date": format_date_fr(rules.reassessment_limit(exigible_on))},
            code="prescribed",
        )


def check_received_on(received_on: date, *, sent_on: date | None, field="received_on") -> None:
    if received_on > today() or (sent_on is not None and received_on < sent_on):
        raise ValidationError(
            {field: _("La date de réception doit suivre l'envoi et ne pas être dans le futur.")}
        )
