"""The programme catalogue: one definition per article of the RGA, defined once in code.

``get(article)`` returns the version in force (or the one a dossier was deposited under with
``version=``), ``all()`` every programme in RGA order, ``by_section()`` grouped for the catalogue.
Section modules register their programmes at import; this package imports them all.
"""

from __future__ import annotations

import datetime
import functools
import importlib
import re

from aides.programmes.base import Programme

_registry: dict[str, list[Programme]] = {}

SECTION_MODULES = (
    "auteurs",
    "edition",
    "phonographie",
    "disquaires",
    "spectacle",
    "international",
    "transversaux",
    "plan_lieux",
    "autres",
    "fonds_edition",
)


def register(programme: Programme) -> Programme:
    versions = _registry.setdefault(programme.article, [])
    if any(p.version == programme.version for p in versions):
        raise ValueError(f"programme {programme.article} version {programme.version} twice")
    versions.append(programme)
    versions.sort(key=lambda p: p.valid_from)
    _in_force.cache_clear()
    return programme


def _load() -> None:
    for name in SECTION_MODULES:
        try:
            importlib.import_module(f"aides.programmes.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"aides.programmes.{name}":
                raise


def _sort_key(article: str) -> tuple:
    numbers = [int(n) for n in re.findall(r"\d+", article)]
    return (0, *numbers) if numbers else (1, article)


def get(article: str, *, version: str | None = None, on: datetime.date | None = None) -> Programme:
    """The programme of ``article``: the given ``version``, else the one in force ``on`` (today
    by default). ``KeyError`` for an unknown article or version."""
    versions = _registry[str(article)]
    if version is not None:
        for programme in versions:
            if programme.version == version:
                return programme
        raise KeyError(f"{article} version {version}")
    on = on or datetime.date.today()
    in_force = [p for p in versions if p.valid_from <= on]
    return (in_force or versions)[-1]


def all() -> list[Programme]:
    return list(_in_force(datetime.date.today()))


@functools.lru_cache(maxsize=4)
def _in_force(day: datetime.date) -> tuple[Programme, ...]:
    """The catalogue in force on ``day``, computed once a day (admin lists read it per row)."""
    return tuple(get(article, on=day) for article in sorted(_registry, key=_sort_key))


def by_section() -> list[tuple[object, list[Programme]]]:
    sections: dict[int, tuple[object, list[Programme]]] = {}
    for programme in all():
        sections.setdefault(programme.section.number, (programme.section, []))[1].append(programme)
    return [sections[number] for number in sorted(sections)]


def get_by_slug(slug: str) -> Programme:
    for programme in all():
        if programme.slug == slug:
            return programme
    raise KeyError(slug)


_load()
