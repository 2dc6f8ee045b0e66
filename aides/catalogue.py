"""Reads for the public pages: the catalogue filtered, and each programme's open sessions.

Programmes are code (the registry); only sessions come from the database, read here in one
query for the whole catalogue."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from aides import programmes, selectors
from aides.programmes.base import MORALE, PHYSIQUE, Programme


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )


def matches(programme: Programme, query: str) -> bool:
    """Every word of ``query`` appears (accents and case ignored) in the programme's article,
    title, objectives, beneficiaries or eligible expenses."""
    haystack = _fold(
        " ".join(
            (
                programme.reference,
                programme.title,
                programme.objectives,
                programme.beneficiaries,
                programme.eligible_expenses,
                programme.section.title,
            )
        )
    )
    return all(word in haystack for word in _fold(query).split())


def sessions_by_article() -> dict[str, list]:
    """The sessions open for deposit now, by programme article, soonest deadline first."""
    result: dict[str, list] = {}
    for session in selectors.open_sessions():
        result.setdefault(session.programme, []).append(session)
    return result


@dataclass(frozen=True)
class Filters:
    query: str = ""
    kind: str = ""  # PHYSIQUE / MORALE / ""
    legal_form: str = ""
    open_only: bool = False
    show_closed: bool = True


def catalogue(filters: Filters) -> tuple[list[tuple[object, list[Programme]]], dict[str, list]]:
    """The sections with their programmes that pass ``filters``, and the open sessions."""
    sessions = sessions_by_article()
    sections = []
    for section, items in programmes.by_section():
        kept = [
            p
            for p in items
            if (not filters.query or matches(p, filters.query))
            and p.accepts(filters.kind or None, filters.legal_form or None)
            and (not filters.open_only or p.article in sessions)
            and (filters.show_closed or not p.closed)
        ]
        if kept:
            sections.append((section, kept))
    return sections, sessions


KIND_CHOICES = (
    ("", "Tous les demandeurs"),
    (PHYSIQUE, "Personne physique"),
    (MORALE, "Personne morale"),
)
