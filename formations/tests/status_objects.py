"""Every-status contract of the training catalogue (see tests/test_admin_every_status.py)."""

import datetime as dt
from unittest import mock

from espace_pro.tests.factories import MembershipFactory
from formations import services
from formations.documents import send_convocation
from formations.models import Inscription, Module, Session
from formations.tests.factories import ModuleFactory, make_session, register
from formations.workflow import IS, S, inscription_flow, session_flow


def _later(session):
    return mock.patch("django.utils.timezone.now", return_value=session.end + dt.timedelta(hours=1))


def make_inscription(status: str) -> Inscription:
    """An inscription made by a member for their structure, its convocation rendered (as the
    worker does), moved through the services."""
    member = MembershipFactory(role="Gérante")
    if status in (IS.EN_ATTENTE, IS.NON_RETENUE):
        session = make_session(seats=1)
        register(session)
    else:
        session = make_session()
    inscription = register(session, member.user, structure=member.structure)
    send_convocation({"inscription_id": inscription.pk})
    inscription.refresh_from_db()
    if status in (IS.CONFIRMEE, IS.EN_ATTENTE):
        return inscription
    if status == IS.ANNULEE_PERSONNE:
        return services.inscription_cancel(inscription=inscription, actor=member.user)
    if status == IS.ANNULEE_CNM:
        return services.inscription_cancel(
            inscription=inscription, actor=None, by_cnm=True, reason="Formatrice indisponible"
        )
    if status == IS.NON_RETENUE:
        with _later(session):
            services.waiting_lists_close(session=session)
        inscription.refresh_from_db()
        return inscription
    with _later(session):
        inscription = services.inscription_record(
            inscription=inscription, to=IS.PRESENTE, actor=None
        )
        if status == IS.ABSENTE:
            inscription = services.inscription_record(
                inscription=inscription, to=IS.ABSENTE, actor=None
            )
    return inscription


def make_session_in(status: str) -> Session:
    session = make_session(seats=1)
    register(session)
    register(session)  # one waiting
    if status == S.ANNULEE:
        return services.session_cancel(session=session, actor=None, reason="Trop peu d'inscrits")
    if status == S.TERMINEE:
        with _later(session):
            services.sessions_finish(session=session)
        session.refresh_from_db()
    return session


def make_module(status=None) -> Module:
    module = ModuleFactory()
    make_session(module)
    return module


STATUS_OBJECTS = {
    Module: (None, make_module),
    Session: (session_flow, make_session_in),
    Inscription: (inscription_flow, make_inscription),
}
