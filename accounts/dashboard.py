"""Sections of the "Mon espace" dashboard. Each app that offers a service registers its section
from ``AppConfig.ready()``; only services that exist appear."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class DashboardSection:
    key: str
    order: int
    template: str
    context: Callable[[HttpRequest], dict]


_sections: dict[str, DashboardSection] = {}


def register_dashboard_section(section: DashboardSection) -> None:
    _sections[section.key] = section


def dashboard_sections(request: HttpRequest) -> list[dict]:
    return [
        {"key": s.key, "template": s.template, **s.context(request)}
        for s in sorted(_sections.values(), key=lambda s: s.order)
    ]
