"""One client for the external registries: SIRENE (by SIRET) and the RNA (associations).

Two backends answer the same two questions:

* ``OfflineDirectory`` (the embedded default) reads sample records shipped with the project, so
  that the portal, its demo data and its tests run without network;
* ``HttpRegistry`` asks the public "API Recherche d'entreprises"
  (https://recherche-entreprises.api.gouv.fr), with short timeouts, a few retries on transient
  errors and a 24-hour cache (the API itself is refreshed daily).

Callers validate the number first (``rules.validate_siret`` / ``rules.validate_rna``), then treat
``RegistryUnavailable`` as "try again later": an outage must never look like an unknown SIRET.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .rules import is_establishment_closed, legal_form_from_nature_juridique

logger = logging.getLogger(__name__)

DEFAULT_HTTP_URL = "https://recherche-entreprises.api.gouv.fr"
DEFAULT_OFFLINE_PATH = Path(__file__).resolve().parent / "data" / "registry.json"
CACHE_TIMEOUT = 24 * 60 * 60
CACHE_KEY_PREFIX = "espace_pro.registry"


@dataclass(frozen=True)
class Establishment:
    """One establishment as the registry describes it, snapshotted on access requests."""

    siret: str = ""  # "" for an association known only by its RNA number
    siren: str = ""
    rna: str = ""
    name: str = ""  # raison sociale / nom complet
    nature_juridique: str = ""  # INSEE catégorie juridique, 4 digits
    legal_form: str = ""  # LegalForm value, "" when the applicant has to pick it
    address: str = ""  # street line only
    postal_code: str = ""
    city: str = ""
    etat: str = "A"  # "A" active, "F" establishment closed, "C" legal unit ceased
    is_head_office: bool = False

    @property
    def is_closed(self) -> bool:
        return is_establishment_closed(self.etat)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Establishment:
        """Rebuild from ``to_dict()``; unknown keys are ignored so old snapshots stay readable."""
        values: dict[str, Any] = {}
        for field in dataclasses.fields(cls):
            if field.name not in data or data[field.name] is None:
                continue
            value = data[field.name]
            values[field.name] = bool(value) if field.name == "is_head_office" else str(value)
        return cls(**values)


class RegistryUnavailable(Exception):
    """The registry could not answer (timeout, connection error, 5xx, malformed answer)."""


class Registry(Protocol):
    def search_siret(self, siret: str) -> list[Establishment]:
        """The establishment with this (validated) SIRET; an empty list when it is unknown."""
        ...

    def search_rna(self, rna: str) -> list[Establishment]:
        """The establishments of the association with this (validated) RNA; empty if unknown."""
        ...


# --- Offline directory ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Directory:
    by_siret: dict[str, Establishment]
    by_rna: dict[str, list[Establishment]]


@functools.cache
def _load_directory(path: str) -> _Directory:
    # Cached per path for the life of the process: the file only changes with a deployment.
    # A failed load raises and is not cached, so a fixed file is picked up on the next call.
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
        establishments = [Establishment.from_dict(record) for record in records]
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        logger.exception("Offline registry %s cannot be read", path)
        raise RegistryUnavailable(f"Offline registry {path} cannot be read") from exc
    by_siret: dict[str, Establishment] = {}
    by_rna: dict[str, list[Establishment]] = {}
    for establishment in establishments:
        if establishment.siret:
            by_siret[establishment.siret] = establishment
        if establishment.rna:
            by_rna.setdefault(establishment.rna, []).append(establishment)
    for group in by_rna.values():
        group.sort(key=lambda e: not e.is_head_office)  # head office first
    return _Directory(by_siret=by_siret, by_rna=by_rna)


class OfflineDirectory:
    """Sample records shipped with the project (``espace_pro/data/registry.json``)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path or DEFAULT_OFFLINE_PATH)

    def search_siret(self, siret: str) -> list[Establishment]:
        found = _load_directory(self.path).by_siret.get(siret)
        return [found] if found else []

    def search_rna(self, rna: str) -> list[Establishment]:
        return list(_load_directory(self.path).by_rna.get(rna, []))


# --- HTTP backend: API Recherche d'entreprises ---------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _street_line(address: str, postal_code: str, city: str) -> str:
    # The API's "adresse" is the full one-line address ("12 RUE X 75011 PARIS"): keep the street.
    suffix = f" {postal_code} {city}".rstrip()
    if postal_code and address.upper().endswith(suffix.upper()):
        return address[: -len(suffix)].strip()
    return address


class HttpRegistry:
    """The public API Recherche d'entreprises (SIRENE + RNA identifiers), cached for 24 hours."""

    backend_name = "http"

    def __init__(
        self,
        base_url: str = DEFAULT_HTTP_URL,
        timeout: tuple[float, float] = (3.05, 5),
        retries: int = 2,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json"})
        retry = Retry(
            total=retries,
            backoff_factor=0.3,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods={"GET"},
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    def search_siret(self, siret: str) -> list[Establishment]:
        return self._cached("siret", siret, self._fetch_siret)

    def search_rna(self, rna: str) -> list[Establishment]:
        return self._cached("rna", rna, self._fetch_rna)

    # Cache ---------------------------------------------------------------------------------------

    def _cache_key(self, kind: str, query: str) -> str:
        # The URL is hashed: it may hold characters some cache backends refuse in keys.
        url_hash = hashlib.sha256(self.base_url.encode()).hexdigest()[:12]
        return f"{CACHE_KEY_PREFIX}:{self.backend_name}:{url_hash}:{kind}:{query}"

    def _cached(self, kind: str, query: str, fetch) -> list[Establishment]:
        key = self._cache_key(kind, query)
        try:
            cached = cache.get(key)
        except Exception:
            # A cache outage costs one API call, never the look-up itself.
            logger.warning("Registry cache unavailable for %s", key, exc_info=True)
            cached = None
        if cached is not None:
            return [Establishment.from_dict(item) for item in cached]
        establishments = fetch(query)
        try:
            cache.set(key, [e.to_dict() for e in establishments], CACHE_TIMEOUT)
        except Exception:
            logger.warning("Registry cache unavailable for %s", key, exc_info=True)
        return establishments

    # Requests ------------------------------------------------------------------------------------

    def _search(self, query: str) -> list[dict[str, Any]]:
        try:
            response = self.session.get(
                f"{self.base_url}/search", params={"q": query}, timeout=self.timeout
            )
            response.raise_for_status()
            payload = response.json()
        except (requests.RequestException, ValueError) as exc:
            logger.warning("Registry look-up failed for %s: %s", query, exc)
            raise RegistryUnavailable(str(exc)) from exc
        results = payload.get("results") if isinstance(payload, dict) else None
        if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
            raise RegistryUnavailable("Malformed registry answer: no list of results")
        return results

    def _fetch_siret(self, siret: str) -> list[Establishment]:
        found: list[Establishment] = []
        for result in self._search(siret):
            siege = result.get("siege") or {}
            candidates = [*(result.get("matching_etablissements") or []), siege]
            for etablissement in candidates:
                if isinstance(etablissement, dict) and _text(etablissement.get("siret")) == siret:
                    found.append(self._establishment(result, etablissement))
                    break
            if found:
                break
        return found

    def _fetch_rna(self, rna: str) -> list[Establishment]:
        found: list[Establishment] = []
        for result in self._search(rna):
            complements = result.get("complements") or {}
            if not isinstance(complements, dict):
                raise RegistryUnavailable("Malformed registry answer: complements")
            if _text(complements.get("identifiant_association")).upper() != rna:
                continue
            found.append(self._establishment(result, result.get("siege") or {}))
        return found

    def _establishment(self, result: dict[str, Any], etablissement: Any) -> Establishment:
        if not isinstance(etablissement, dict):
            raise RegistryUnavailable("Malformed registry answer: establishment")
        siren = _text(result.get("siren"))
        if not siren:
            raise RegistryUnavailable("Malformed registry answer: no SIREN")
        complements = result.get("complements") or {}
        nature_juridique = _text(result.get("nature_juridique"))
        postal_code = _text(etablissement.get("code_postal"))
        city = _text(etablissement.get("libelle_commune"))
        etat = _text(etablissement.get("etat_administratif")) or "A"
        if _text(result.get("etat_administratif")) == "C":
            etat = "C"  # a ceased legal unit has no active establishment left
        return Establishment(
            siret=_text(etablissement.get("siret")),
            siren=siren,
            rna=_text(complements.get("identifiant_association")).upper(),
            name=_text(result.get("nom_complet")) or _text(result.get("nom_raison_sociale")),
            nature_juridique=nature_juridique,
            legal_form=legal_form_from_nature_juridique(nature_juridique),
            address=_street_line(_text(etablissement.get("adresse")), postal_code, city),
            postal_code=postal_code,
            city=city,
            etat=etat,
            is_head_office=bool(etablissement.get("est_siege")),
        )


# --- Choice of backend ---------------------------------------------------------------------------


@functools.cache
def _build_registry(backend: str, http_url: str, offline_path: str) -> Registry:
    if backend == "offline":
        return OfflineDirectory(offline_path or None)
    if backend == "http":
        return HttpRegistry(base_url=http_url)
    raise ImproperlyConfigured(f"REGISTRY_BACKEND must be 'offline' or 'http', not {backend!r}.")


def get_registry() -> Registry:
    """The registry chosen by ``REGISTRY_BACKEND``: one instance (one HTTP session) per set-up."""
    return _build_registry(
        str(getattr(settings, "REGISTRY_BACKEND", "offline") or "offline"),
        str(getattr(settings, "REGISTRY_HTTP_URL", DEFAULT_HTTP_URL) or DEFAULT_HTTP_URL),
        str(getattr(settings, "REGISTRY_OFFLINE_PATH", "") or ""),
    )
