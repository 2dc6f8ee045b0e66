"""Where later apps plug into the espace professionnel (they register from ``ready()``)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest

ApprovalHook = Callable[..., None]
_approval_hooks: list[ApprovalHook] = []


def register_approval_hook(hook: ApprovalHook) -> None:
    """``hook(access_request=, structure=, new_structure=, actor=)`` runs in the approval's
    transaction; ``new_structure`` is False when the approval reused an existing space."""
    if hook not in _approval_hooks:
        _approval_hooks.append(hook)


def run_approval_hooks(**kwargs: Any) -> None:
    for hook in _approval_hooks:
        hook(**kwargs)


@dataclass(frozen=True)
class StructureSection:
    key: str
    order: int
    template: str
    context: Callable[[HttpRequest, Any], dict]


_sections: dict[str, StructureSection] = {}


def register_structure_section(section: StructureSection) -> None:
    _sections[section.key] = section


def structure_sections(request: HttpRequest, structure: Any) -> list[dict]:
    return [
        {"key": s.key, "template": s.template, **s.context(request, structure)}
        for s in sorted(_sections.values(), key=lambda s: s.order)
    ]


CodeVerifier = Callable[[Any, str], date | None]
_code_verifiers: list[CodeVerifier] = []


def register_code_verifier(verifier: CodeVerifier) -> None:
    """``verifier(structure, typed_code)`` returns the issue date of the CNM document of
    ``structure`` whose number is ``typed_code`` (guide: on tax documents the document number is
    the code), or None. The espace professionnel decides from that date how long the number
    works (``rules.document_code_valid_until``), and lets each person use it once."""
    if verifier not in _code_verifiers:
        _code_verifiers.append(verifier)


def document_code_issued_on(structure: Any, code: str) -> date | None:
    for verifier in _code_verifiers:
        issued_on = verifier(structure, code)
        if issued_on is not None:
            return issued_on
    return None
