"""Tax objects in every status, built through the services with their real histories and PDFs
(for tests/test_admin_every_status.py and the portal pages test).

Past steps run under a patched clock; after-commit callbacks (outbox → PDFs, e-mails) are run
so that each object has the files it would have in production.
"""

from contextlib import contextmanager
from datetime import datetime, time, timedelta
from decimal import Decimal
from unittest import mock

from django.test import TestCase
from django.utils import timezone

from cnm_portal.dates import today
from espace_pro.tests.factories import MembershipFactory
from taxe import services
from taxe.models import Declaration, LiquidationBatch, MiseEnDemeure, Notice, Payment, Rectification
from taxe.tests.factories import DeclarationFactory, add_representation, submitted_declaration
from taxe.workflow import DeclarationStatus as D
from taxe.workflow import MiseEnDemeureStatus as M
from taxe.workflow import NoticeStatus as N
from taxe.workflow import RectificationStatus as R
from taxe.workflow import declaration_flow, mise_en_demeure_flow, notice_flow, rectification_flow


@contextmanager
def at(day):
    """Run the block on ``day`` (10:00, Paris) with its side effects done at commit."""
    moment = timezone.make_aware(datetime.combine(day, time(10, 0)))
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        yield


@contextmanager
def effects():
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def member():
    return MembershipFactory()


def liquidated(base="5000.00", *, on=None, structure=None, **kwargs) -> Declaration:
    """A declaration of one representation ten days before ``on``, liquidated on ``on``."""
    on = on or today()
    owner = structure or member().structure
    with at(on):
        declaration = submitted_declaration(
            owner, bases=[base], day=on - timedelta(days=10), **kwargs
        )
        services.liquidation_run(declarations=Declaration.objects.filter(pk=declaration.pk))
    declaration.refresh_from_db()
    return declaration


def make_declaration(status):
    structure = member().structure
    day = today() - timedelta(days=10)
    if status == D.BROUILLON:
        declaration = DeclarationFactory(structure=structure)
        add_representation(declaration, "1200.00", day=day)
        return declaration
    if status == D.COPRODUCTION:
        declaration = DeclarationFactory(structure=structure)
        add_representation(declaration, "8000.00", day=day)
        partner = member().structure
        services.declaration_set_shares(
            declaration=declaration,
            actor=None,
            shares=[(structure, Decimal("60")), (partner, Decimal("40"))],
        )
        with effects():
            return services.declaration_submit(declaration=declaration, actor=None)
    if status == D.DEPOSEE:
        with effects():
            return submitted_declaration(structure, day=day)
    if status == D.EN_REVUE:
        with effects():
            declaration = submitted_declaration(structure, day=day)
        return services.declaration_hold(declaration=declaration, actor=None, reason="Recettes")
    if status == D.LIQUIDEE:
        return liquidated(structure=structure)
    if status == D.NON_TAXABLE:
        return liquidated(structure=structure, educational=True)
    raise ValueError(status)


def make_notice(status):
    on = today()
    if status == N.A_PAYER:
        return liquidated().notice
    if status == N.RETENU:
        return liquidated("1000.00").notice
    if status == N.PAYE:
        notice = liquidated().notice
        with effects():
            services.payment_record(
                notice=notice, amount=notice.total, paid_on=on, reference="VIR", actor=None
            )
        return notice
    if status == N.RELANCE:
        notice = liquidated(on=on - timedelta(days=70)).notice
        with effects():
            return services.notice_send_reminder(notice=notice, actor=None)
    if status == N.TITRE:
        notice = liquidated(on=on - timedelta(days=130)).notice
        with at(on - timedelta(days=50)):
            notice = services.notice_send_reminder(notice=notice, actor=None)
        with at(on - timedelta(days=45)):
            services.notice_record_reminder_receipt(
                notice=notice, received_on=on - timedelta(days=45), actor=None
            )
        with effects():
            return services.notice_issue_titre(notice=notice, actor=None)
    if status == N.NON_RECOUVRE:
        # a held notice of a year closed whatever today's date (two years back)
        notice = liquidated("1000.00", on=on.replace(month=6, day=1, year=on.year - 2)).notice
        services.threshold_year_end(on=on)
        return notice
    raise ValueError(status)


def _rectified(on):
    declaration = liquidated(on=on)
    with at(on):
        return services.rectification_notify(
            declaration=declaration,
            corrected_base=declaration.taxable_base + Decimal("2000.00"),
            motive="Recettes de bar omises",
            actor=None,
        )


def make_rectification(status):
    on = today()
    if status == R.CLOSE:
        rectification = _rectified(on - timedelta(days=70))
        services.rectification_record_receipt(
            rectification=rectification, received_on=on - timedelta(days=65), actor=None
        )
        with effects():
            return services.rectification_issue_titre(rectification=rectification, actor=None)
    rectification = _rectified(on)
    if status == R.NOTIFIEE:
        return rectification
    services.rectification_record_receipt(rectification=rectification, received_on=on, actor=None)
    rectification = services.rectification_observe(
        rectification=rectification, text="Le bar est géré par un tiers.", actor=None
    )
    if status == R.OBSERVATIONS:
        return rectification
    if status == R.REPONDUE:
        with effects():
            return services.rectification_answer(
                rectification=rectification, text="Le contrat montre le contraire.", actor=None
            )
    raise ValueError(status)


def _sent(on, structure=None):
    structure = structure or member().structure
    with at(on):
        return services.mise_en_demeure_send(
            structure=structure,
            spectacle="Tournée non déclarée",
            representation_date=on - timedelta(days=150),
            venue="Le Zénith",
            city="Paris",
            category="1",
            actor=None,
        )


def make_mise_en_demeure(status):
    on = today()
    if status == M.ENVOYEE:
        return _sent(on)
    if status == M.REGULARISEE:
        med = _sent(on)
        with effects():
            declaration = submitted_declaration(med.structure, day=on - timedelta(days=20))
        return services.mise_en_demeure_regularise(med=med, declaration=declaration, actor=None)
    if status == M.TAXEE:
        comparable = liquidated("6000.00", on=on - timedelta(days=100))
        med = _sent(on - timedelta(days=80))
        med = services.mise_en_demeure_record_receipt(
            med=med, received_on=on - timedelta(days=75), actor=None
        )
        with effects():
            return services.taxation_office_notify(
                med=med,
                comparable_ids=[comparable.representations.get().pk],
                actor=None,
            )
    raise ValueError(status)


def make_payment(_status):
    with effects():
        return services.payment_record(
            notice=None, amount=Decimal("175.00"), paid_on=today(), reference="VIR X", actor=None
        )


def make_batch(_status):
    return liquidated().batch


STATUS_OBJECTS = {
    Declaration: (declaration_flow, make_declaration),
    Notice: (notice_flow, make_notice),
    Rectification: (rectification_flow, make_rectification),
    MiseEnDemeure: (mise_en_demeure_flow, make_mise_en_demeure),
    Payment: (None, make_payment),
    LiquidationBatch: (None, make_batch),
}
