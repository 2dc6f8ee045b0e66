"""Where later apps plug into the espace professionnel (they register from ``ready()``)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

ApprovalHook = Callable[..., None]
_approval_hooks: list[ApprovalHook] = []


def register_approval_hook(hook: ApprovalHook) -> None:
    """``hook(access_request=, structure=, actor=)`` runs in the approval's transaction."""
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


CodeVerifier = Callable[[Any, str], bool]
_code_verifiers: list[CodeVerifier] = []


def register_code_verifier(verifier: CodeVerifier) -> None:
    """``verifier(structure, typed_code)``: True when another CNM document number proves the
    link with the structure (guide: on tax documents the document number is the code)."""
    if verifier not in _code_verifiers:
        _code_verifiers.append(verifier)


def document_code_matches(structure: Any, code: str) -> bool:
    return any(verifier(structure, code) for verifier in _code_verifiers)
