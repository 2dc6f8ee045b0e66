"""Registry client: offline directory, HTTP backend (mocked: never the network), backend choice.

No test here needs the database: the default test cache is local memory.
"""

import json
from pathlib import Path
from unittest import mock

import pytest
import requests
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from requests.adapters import HTTPAdapter

from espace_pro import registry
from espace_pro.choices import LegalForm
from espace_pro.registry import (
    DEFAULT_OFFLINE_PATH,
    Establishment,
    HttpRegistry,
    OfflineDirectory,
    RegistryUnavailable,
    get_registry,
)
from espace_pro.rules import legal_form_from_nature_juridique, validate_rna, validate_siret

# Fixed records of espace_pro/data/registry.json that demo data and other tests rely on.
LABEL_SIRET = "90100001800019"
JAZZ_SIRET = "80200002600012"
JAZZ_RNA = "W691000123"
COMMUNE_SIRET = "21459990400015"
EI_SIRET = "85300003200013"
OPERA_SIRET = "18400004000016"
CLOSED_SIRET = "79500005800011"
UNKNOWN_SIRET = "73282932000074"  # valid, but not in the directory

# A secondary establishment of Label Demo Musique, as the API would know it.
LABEL_BORDEAUX_SIRET = "90100001800027"


@pytest.fixture(autouse=True)
def _no_http_transport():
    """Belt and braces over the project's socket guard: nothing may reach the transport."""
    with mock.patch.object(
        HTTPAdapter, "send", side_effect=AssertionError("a test reached the HTTP transport")
    ):
        yield


@pytest.fixture(autouse=True)
def _fresh_registry_caches():
    registry._load_directory.cache_clear()
    registry._build_registry.cache_clear()
    yield
    registry._load_directory.cache_clear()
    registry._build_registry.cache_clear()


# --- Establishment -------------------------------------------------------------------------------


def test_establishment_round_trips_through_json():
    establishment = Establishment(
        siret=LABEL_SIRET,
        siren="901000018",
        rna="",
        name="Label Demo Musique",
        nature_juridique="5710",
        legal_form=LegalForm.SOCIETE_COMMERCIALE.value,
        address="12 rue Oberkampf",
        postal_code="75011",
        city="Paris",
        etat="A",
        is_head_office=True,
    )
    snapshot = json.loads(json.dumps(establishment.to_dict()))
    assert Establishment.from_dict(snapshot) == establishment
    assert not establishment.is_closed


def test_establishment_from_old_snapshot_ignores_unknown_keys_and_fills_defaults():
    establishment = Establishment.from_dict(
        {"rna": "W751234567", "name": "Association X", "etat": "F", "obsolete": 1, "siret": None}
    )
    assert establishment.siret == ""
    assert establishment.rna == "W751234567"
    assert establishment.is_head_office is False
    assert establishment.is_closed


# --- Offline directory ---------------------------------------------------------------------------


def test_offline_known_siret():
    [found] = OfflineDirectory().search_siret(LABEL_SIRET)
    assert found.name == "Label Demo Musique"
    assert found.siren == "901000018"
    assert found.legal_form == LegalForm.SOCIETE_COMMERCIALE
    assert (found.address, found.postal_code, found.city) == ("12 rue Oberkampf", "75011", "Paris")
    assert found.is_head_office
    assert not found.is_closed


def test_offline_unknown_siret():
    assert OfflineDirectory().search_siret(UNKNOWN_SIRET) == []


def test_offline_rna():
    [found] = OfflineDirectory().search_rna(JAZZ_RNA)
    assert found.name == "Association Demo Jazz"
    assert found.siret == JAZZ_SIRET
    assert found.legal_form == LegalForm.ASSOCIATION
    assert found.city == "Lyon"
    assert OfflineDirectory().search_siret(JAZZ_SIRET) == [found]


def test_offline_unknown_rna():
    assert OfflineDirectory().search_rna("W999999999") == []


def test_offline_association_known_by_rna_only():
    records = json.loads(DEFAULT_OFFLINE_PATH.read_text(encoding="utf-8"))
    rna_only = next(r for r in records if r["rna"] and not r["siret"])
    [found] = OfflineDirectory().search_rna(rna_only["rna"])
    assert found.siret == found.siren == ""
    assert found.legal_form == LegalForm.ASSOCIATION


def test_offline_closed_establishment():
    [found] = OfflineDirectory().search_siret(CLOSED_SIRET)
    assert found.name == "Ancienne Salle Demo"
    assert found.etat == "F"
    assert found.is_closed


@pytest.mark.parametrize(
    ("siret", "legal_form"),
    [
        (COMMUNE_SIRET, LegalForm.COLLECTIVITE_TERRITORIALE),
        (EI_SIRET, LegalForm.ENTREPRENEUR_INDIVIDUEL),
        (OPERA_SIRET, LegalForm.ETABLISSEMENT_PUBLIC),
    ],
)
def test_offline_fixed_records(siret, legal_form):
    [found] = OfflineDirectory().search_siret(siret)
    assert found.legal_form == legal_form
    assert not found.is_closed


def test_offline_rna_lists_head_office_first(tmp_path):
    path = tmp_path / "registry.json"
    base = {"siren": "802000026", "rna": JAZZ_RNA, "name": "Association Demo Jazz"}
    path.write_text(
        json.dumps(
            [
                {**base, "siret": "80200002600020", "is_head_office": False},
                {**base, "siret": JAZZ_SIRET, "is_head_office": True},
            ]
        )
    )
    found = OfflineDirectory(path).search_rna(JAZZ_RNA)
    assert [e.siret for e in found] == [JAZZ_SIRET, "80200002600020"]


def test_offline_file_is_read_once_per_path(tmp_path):
    path = tmp_path / "registry.json"
    path.write_text(json.dumps([{"siret": LABEL_SIRET, "siren": "901000018", "name": "Avant"}]))
    directory = OfflineDirectory(path)
    assert directory.search_siret(LABEL_SIRET)[0].name == "Avant"
    path.write_text(json.dumps([{"siret": LABEL_SIRET, "siren": "901000018", "name": "Après"}]))
    assert OfflineDirectory(str(path)).search_siret(LABEL_SIRET)[0].name == "Avant"
    # The default file is another path, hence another entry.
    assert OfflineDirectory().search_siret(LABEL_SIRET)[0].name == "Label Demo Musique"


@pytest.mark.parametrize("content", ["{not json", '{"siret": "1"}', "[1, 2]"])
def test_offline_unreadable_file_is_unavailable(tmp_path, content):
    path = tmp_path / "registry.json"
    path.write_text(content)
    with pytest.raises(RegistryUnavailable):
        OfflineDirectory(path).search_siret(LABEL_SIRET)


def test_offline_missing_file_is_unavailable(tmp_path):
    with pytest.raises(RegistryUnavailable):
        OfflineDirectory(tmp_path / "missing.json").search_rna(JAZZ_RNA)


def test_shipped_directory_is_consistent():
    """The committed file passes the validators the forms use, and covers every family."""
    assert DEFAULT_OFFLINE_PATH.stat().st_size < 150_000
    records = json.loads(DEFAULT_OFFLINE_PATH.read_text(encoding="utf-8"))
    assert len(records) >= 300
    fields = set(Establishment.__dataclass_fields__)
    sirets = [r["siret"] for r in records if r["siret"]]
    assert len(sirets) == len(set(sirets))
    for record in records:
        assert set(record) == fields
        assert record["siret"] or record["rna"]
        if record["siret"]:
            assert validate_siret(record["siret"]) == record["siret"]
            assert record["siret"][:9] == record["siren"]
        if record["rna"]:
            assert validate_rna(record["rna"]) == record["rna"]
        assert record["legal_form"] == legal_form_from_nature_juridique(record["nature_juridique"])
        assert len(record["postal_code"]) == 5
        assert record["postal_code"].isdigit()
    forms = {r["legal_form"] for r in records}
    assert forms >= {
        LegalForm.SOCIETE_COMMERCIALE,
        LegalForm.ASSOCIATION,
        LegalForm.COLLECTIVITE_TERRITORIALE,
        LegalForm.ENTREPRENEUR_INDIVIDUEL,
        LegalForm.ETABLISSEMENT_PUBLIC,
        "",
    }
    codes = {r["nature_juridique"] for r in records}
    assert codes >= {"1000", "5499", "5710", "5720", "7210", "7220", "7230", "9220", "4110"}
    assert any(r["etat"] == "F" for r in records)
    assert any(r["rna"] and r["siret"] for r in records)
    assert any(r["rna"] and not r["siret"] for r in records)


# --- HTTP backend --------------------------------------------------------------------------------

BASE_URL = "https://recherche-entreprises.api.gouv.fr"

# Shaped like real answers of GET /search?q=… (fields we do not read are kept for realism).
SOCIETE_ANSWER = {
    "results": [
        {
            "siren": "901000018",
            "nom_complet": "LABEL DEMO MUSIQUE",
            "nom_raison_sociale": "LABEL DEMO MUSIQUE",
            "sigle": None,
            "nombre_etablissements": 2,
            "nombre_etablissements_ouverts": 2,
            "siege": {
                "activite_principale": "59.20Z",
                "adresse": "12 RUE OBERKAMPF 75011 PARIS",
                "code_postal": "75011",
                "commune": "75111",
                "date_creation": "2021-03-01",
                "est_siege": True,
                "etat_administratif": "A",
                "libelle_commune": "PARIS",
                "libelle_voie": "OBERKAMPF",
                "numero_voie": "12",
                "type_voie": "RUE",
                "siret": LABEL_SIRET,
                "tranche_effectif_salarie": "03",
            },
            "activite_principale": "59.20Z",
            "categorie_entreprise": "PME",
            "date_creation": "2021-03-01",
            "etat_administratif": "A",
            "nature_juridique": "5710",
            "section_activite_principale": "J",
            "tranche_effectif_salarie": "03",
            "dirigeants": [{"nom": "MARTIN", "prenoms": "CAMILLE", "qualite": "Président de SAS"}],
            "matching_etablissements": [
                {
                    "activite_principale": "90.04Z",
                    "adresse": "5 QUAI DES CHARTRONS 33000 BORDEAUX",
                    "code_postal": "33000",
                    "commune": "33063",
                    "est_siege": False,
                    "etat_administratif": "A",
                    "libelle_commune": "BORDEAUX",
                    "siret": LABEL_BORDEAUX_SIRET,
                }
            ],
            "finances": {"2023": {"ca": 412000, "resultat_net": 18000}},
            "complements": {
                "collectivite_territoriale": None,
                "est_association": False,
                "est_entrepreneur_individuel": False,
                "est_ess": False,
                "identifiant_association": None,
            },
        }
    ],
    "total_results": 1,
    "page": 1,
    "per_page": 10,
    "total_pages": 1,
}


def association_result(siren, name, rna, siret, adresse, code_postal, commune):
    return {
        "siren": siren,
        "nom_complet": name,
        "nom_raison_sociale": name,
        "nature_juridique": "9220",
        "etat_administratif": "A",
        "activite_principale": "90.01Z",
        "siege": {
            "adresse": adresse,
            "code_postal": code_postal,
            "libelle_commune": commune,
            "est_siege": True,
            "etat_administratif": "A",
            "siret": siret,
        },
        "matching_etablissements": [],
        "complements": {"est_association": True, "identifiant_association": rna},
    }


ASSOCIATION_ANSWER = {
    "results": [
        association_result(
            "802000026",
            "ASSOCIATION DEMO JAZZ",
            JAZZ_RNA,
            JAZZ_SIRET,
            "3 PLACE DES TERREAUX 69001 LYON",
            "69001",
            "LYON",
        ),
        # Full-text search also returns near matches: they must be filtered out.
        association_result(
            "449953140",
            "LES AMIS DU JAZZ DE LYON",
            "W691000124",
            "44995314000018",
            "8 RUE D'ALGERIE 69001 LYON",
            "69001",
            "LYON",
        ),
    ],
    "total_results": 2,
    "page": 1,
    "per_page": 10,
    "total_pages": 1,
}


def api_response(payload=None, *, status=200, content=None) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = content if content is not None else json.dumps(payload).encode()
    response.headers["Content-Type"] = "application/json"
    response.encoding = "utf-8"
    response.url = f"{BASE_URL}/search"
    return response


@pytest.fixture
def session_get():
    with mock.patch.object(requests.Session, "get", autospec=True) as get:
        yield get


def test_http_siret_of_a_secondary_establishment(session_get):
    session_get.return_value = api_response(SOCIETE_ANSWER)

    [found] = HttpRegistry().search_siret(LABEL_BORDEAUX_SIRET)

    assert found == Establishment(
        siret=LABEL_BORDEAUX_SIRET,
        siren="901000018",
        rna="",
        name="LABEL DEMO MUSIQUE",
        nature_juridique="5710",
        legal_form=LegalForm.SOCIETE_COMMERCIALE.value,
        address="5 QUAI DES CHARTRONS",
        postal_code="33000",
        city="BORDEAUX",
        etat="A",
        is_head_office=False,
    )
    [(_session, url)] = [call.args for call in session_get.call_args_list]
    assert url == f"{BASE_URL}/search"
    assert session_get.call_args.kwargs["params"] == {"q": LABEL_BORDEAUX_SIRET}
    assert session_get.call_args.kwargs["timeout"] == (3.05, 5)


def test_http_siret_of_the_head_office(session_get):
    session_get.return_value = api_response(SOCIETE_ANSWER)

    [found] = HttpRegistry().search_siret(LABEL_SIRET)

    assert found.siret == LABEL_SIRET
    assert found.is_head_office
    assert (found.address, found.postal_code, found.city) == ("12 RUE OBERKAMPF", "75011", "PARIS")


def test_http_unknown_siret(session_get):
    session_get.return_value = api_response(
        {"results": [], "total_results": 0, "page": 1, "per_page": 10, "total_pages": 0}
    )
    assert HttpRegistry().search_siret(UNKNOWN_SIRET) == []


def test_http_siret_not_among_the_results(session_get):
    session_get.return_value = api_response(SOCIETE_ANSWER)
    assert HttpRegistry().search_siret("90100001800035") == []


def test_http_closed_legal_unit_makes_the_establishment_closed(session_get):
    answer = json.loads(json.dumps(SOCIETE_ANSWER))
    answer["results"][0]["etat_administratif"] = "C"
    answer["results"][0]["siege"]["etat_administratif"] = "F"
    session_get.return_value = api_response(answer)

    [found] = HttpRegistry().search_siret(LABEL_SIRET)

    assert found.etat == "C"
    assert found.is_closed


def test_http_rna_keeps_only_the_association_with_that_number(session_get):
    session_get.return_value = api_response(ASSOCIATION_ANSWER)

    [found] = HttpRegistry().search_rna(JAZZ_RNA)

    assert found == Establishment(
        siret=JAZZ_SIRET,
        siren="802000026",
        rna=JAZZ_RNA,
        name="ASSOCIATION DEMO JAZZ",
        nature_juridique="9220",
        legal_form=LegalForm.ASSOCIATION.value,
        address="3 PLACE DES TERREAUX",
        postal_code="69001",
        city="LYON",
        etat="A",
        is_head_office=True,
    )
    assert session_get.call_args.kwargs["params"] == {"q": JAZZ_RNA}


def test_http_unknown_rna(session_get):
    session_get.return_value = api_response(ASSOCIATION_ANSWER)
    assert HttpRegistry().search_rna("W751234567") == []


@pytest.mark.parametrize(
    "error",
    [
        requests.ConnectTimeout("connect timeout"),
        requests.ReadTimeout("read timeout"),
        requests.ConnectionError("connection refused"),
        requests.exceptions.RetryError("too many 503 error responses"),
    ],
)
def test_http_network_errors_are_unavailable(session_get, error):
    session_get.side_effect = error
    with pytest.raises(RegistryUnavailable):
        HttpRegistry().search_siret(LABEL_SIRET)


@pytest.mark.parametrize("status", [429, 500, 503, 404])
def test_http_error_status_is_unavailable(session_get, status):
    session_get.return_value = api_response({"erreur": "Service indisponible"}, status=status)
    with pytest.raises(RegistryUnavailable):
        HttpRegistry().search_rna(JAZZ_RNA)


@pytest.mark.parametrize(
    "content",
    [
        b"<html><body>502 Bad Gateway</body></html>",
        b'{"results": [',
        b'{"erreur": "requete invalide"}',
        b'{"results": "none"}',
        b'{"results": [42]}',
        b"[]",
    ],
)
def test_http_malformed_answer_is_unavailable(session_get, content):
    session_get.return_value = api_response(content=content)
    with pytest.raises(RegistryUnavailable):
        HttpRegistry().search_siret(LABEL_SIRET)


def test_http_result_without_siren_is_unavailable(session_get):
    answer = json.loads(json.dumps(SOCIETE_ANSWER))
    del answer["results"][0]["siren"]
    session_get.return_value = api_response(answer)
    with pytest.raises(RegistryUnavailable):
        HttpRegistry().search_siret(LABEL_SIRET)


def test_http_answers_are_cached(session_get):
    session_get.return_value = api_response(SOCIETE_ANSWER)
    first = HttpRegistry().search_siret(LABEL_SIRET)

    # Another instance (another request) shares the cache: the session is not called again.
    second = HttpRegistry().search_siret(LABEL_SIRET)

    assert second == first
    assert session_get.call_count == 1


def test_http_unknown_answers_are_cached_too(session_get):
    session_get.return_value = api_response({"results": []})
    registry_ = HttpRegistry()
    assert registry_.search_siret(UNKNOWN_SIRET) == []
    assert registry_.search_siret(UNKNOWN_SIRET) == []
    assert session_get.call_count == 1


def test_http_cache_key_depends_on_query_kind_and_url(session_get):
    session_get.return_value = api_response(ASSOCIATION_ANSWER)
    HttpRegistry().search_rna(JAZZ_RNA)
    HttpRegistry().search_siret(JAZZ_SIRET)  # another question
    HttpRegistry(base_url="https://annuaire.example.test").search_rna(JAZZ_RNA)  # other API
    assert session_get.call_count == 3


def test_http_failures_are_not_cached(session_get):
    session_get.side_effect = [
        requests.ReadTimeout("read timeout"),
        api_response(SOCIETE_ANSWER),
    ]
    registry_ = HttpRegistry()
    with pytest.raises(RegistryUnavailable):
        registry_.search_siret(LABEL_SIRET)
    assert registry_.search_siret(LABEL_SIRET)[0].siret == LABEL_SIRET


def test_http_cache_outage_does_not_break_the_lookup(session_get):
    session_get.return_value = api_response(SOCIETE_ANSWER)
    with (
        mock.patch.object(cache, "get", side_effect=ConnectionError("cache down")),
        mock.patch.object(cache, "set", side_effect=ConnectionError("cache down")),
    ):
        assert HttpRegistry().search_siret(LABEL_SIRET)[0].siret == LABEL_SIRET


def test_http_session_retries_transient_errors_on_get_only():
    session = HttpRegistry(retries=2).session
    for prefix in ("https://", "http://"):
        retry = session.get_adapter(f"{prefix}recherche-entreprises.api.gouv.fr").max_retries
        assert retry.total == 2
        assert retry.backoff_factor == 0.3
        assert set(retry.status_forcelist) == {429, 500, 502, 503, 504}
        assert retry.allowed_methods == {"GET"}


# --- Backend choice ------------------------------------------------------------------------------


def test_default_backend_is_the_offline_directory(settings):
    for name in ("REGISTRY_BACKEND", "REGISTRY_HTTP_URL", "REGISTRY_OFFLINE_PATH"):
        if hasattr(settings, name):
            delattr(settings, name)
    chosen = get_registry()
    assert isinstance(chosen, OfflineDirectory)
    assert Path(chosen.path) == DEFAULT_OFFLINE_PATH
    assert get_registry() is chosen


def test_offline_path_setting(settings, tmp_path):
    path = tmp_path / "annuaire.json"
    path.write_text(json.dumps([{"siret": LABEL_SIRET, "siren": "901000018", "name": "Autre"}]))
    settings.REGISTRY_BACKEND = "offline"
    settings.REGISTRY_OFFLINE_PATH = str(path)
    assert get_registry().search_siret(LABEL_SIRET)[0].name == "Autre"


def test_http_backend_setting(settings):
    settings.REGISTRY_BACKEND = "http"
    settings.REGISTRY_HTTP_URL = "https://annuaire.example.test/"
    chosen = get_registry()
    assert isinstance(chosen, HttpRegistry)
    assert chosen.base_url == "https://annuaire.example.test"


def test_unknown_backend_is_a_configuration_error(settings):
    settings.REGISTRY_BACKEND = "ldap"
    with pytest.raises(ImproperlyConfigured):
        get_registry()
