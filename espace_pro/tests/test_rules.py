"""Pure rules of the espace professionnel: identifiers and legal forms (no database)."""

import pytest
from django.core.exceptions import ValidationError

from espace_pro.choices import LegalForm
from espace_pro.rules import (
    ESTABLISHMENT_CLOSED_STATES,
    is_establishment_closed,
    legal_form_from_nature_juridique,
    normalize_identifier,
    validate_rna,
    validate_siren,
    validate_siret,
)

SIRET_LENGTH = "Le SIRET doit comporter 14 chiffres."
SIRET_CHECKSUM = (
    "Ce numéro SIRET n'est pas valide : vérifiez-le (la clé de contrôle ne correspond pas)."
)
SIREN_LENGTH = "Le SIREN doit comporter 9 chiffres."
SIREN_CHECKSUM = (
    "Ce numéro SIREN n'est pas valide : vérifiez-le (la clé de contrôle ne correspond pas)."
)
RNA_MESSAGE = "Le numéro RNA commence par W suivi de 9 caractères, par exemple W751234567."


def error_of(validator, value) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    return excinfo.value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("732 829 320 00074", "73282932000074"),
        ("732.829.320.00074", "73282932000074"),
        ("732-829-320-00074", "73282932000074"),
        ("\u00a0732\u202f829\u202f320 00074 ", "73282932000074"),
        ("w75-123.4567", "W751234567"),
        ("", ""),
    ],
)
def test_normalize_identifier_drops_separators_and_uppercases(raw, expected):
    assert normalize_identifier(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("73282932000074", "73282932000074"),
        ("732 829 320 00074", "73282932000074"),
        ("901.000.018.00019", "90100001800019"),
        # La Poste: no Luhn key, the digit sum must be a multiple of 5.
        ("35600000049837", "35600000049837"),
        ("35600000000048", "35600000000048"),
    ],
)
def test_validate_siret_accepts_and_normalizes(raw, expected):
    assert validate_siret(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "7328293200007", "732829320000745", "7328293200007A", "ABCDEFGHIJKLMN"]
)
def test_validate_siret_rejects_wrong_length_or_non_digits(raw):
    error = error_of(validate_siret, raw)
    assert error.code == "invalid_length"
    assert error.messages == [SIRET_LENGTH]


@pytest.mark.parametrize(
    "raw",
    [
        "73282932000079",  # wrong Luhn key
        "35600000049838",  # La Poste, digit sum not a multiple of 5
        "73282932100072",  # Luhn-valid on 14 digits, but the SIREN 732829321 is not
    ],
)
def test_validate_siret_rejects_wrong_check_digit(raw):
    error = error_of(validate_siret, raw)
    assert error.code == "invalid_checksum"
    assert error.messages == [SIRET_CHECKSUM]


def test_validate_siren():
    assert validate_siren("732 829 320") == "732829320"
    assert validate_siren("356000000") == "356000000"
    assert error_of(validate_siren, "73282932").messages == [SIREN_LENGTH]
    assert error_of(validate_siren, "73282932A").messages == [SIREN_LENGTH]
    error = error_of(validate_siren, "732829321")
    assert (error.code, error.messages) == ("invalid_checksum", [SIREN_CHECKSUM])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("W751234567", "W751234567"),
        ("w751234567", "W751234567"),
        ("W75 123 4567", "W751234567"),
        ("W9R2004191", "W9R2004191"),
    ],
)
def test_validate_rna_accepts(raw, expected):
    assert validate_rna(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "W75123456", "W7512345678", "751234567", "X751234567", "W75123456é"]
)
def test_validate_rna_rejects(raw):
    error = error_of(validate_rna, raw)
    assert error.code == "invalid_rna"
    assert error.messages == [RNA_MESSAGE]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("1000", LegalForm.ENTREPRENEUR_INDIVIDUEL),
        # Sociétés commerciales (INSEE level I "5")
        ("5202", LegalForm.SOCIETE_COMMERCIALE),  # SNC
        ("5306", LegalForm.SOCIETE_COMMERCIALE),  # SCA
        ("5458", LegalForm.SOCIETE_COMMERCIALE),  # SCOP (SARL coopérative ouvrière)
        ("5499", LegalForm.SOCIETE_COMMERCIALE),  # SARL
        ("5599", LegalForm.SOCIETE_COMMERCIALE),  # SA à conseil d'administration
        ("5699", LegalForm.SOCIETE_COMMERCIALE),  # SA à directoire
        ("5710", LegalForm.SOCIETE_COMMERCIALE),  # SAS
        ("5720", LegalForm.SOCIETE_COMMERCIALE),  # SASU
        ("5800", LegalForm.SOCIETE_COMMERCIALE),  # Société européenne
        # Other RCS-registered bodies are not sociétés commerciales: the applicant picks.
        ("6220", ""),  # GIE
        ("6317", ""),  # Société coopérative agricole
        ("6540", ""),  # SCI
        ("6589", ""),  # Société civile de moyens
        ("6599", ""),  # Autre société civile
        # Associations
        ("9210", LegalForm.ASSOCIATION),
        ("9220", LegalForm.ASSOCIATION),
        ("9221", LegalForm.ASSOCIATION),
        ("9222", LegalForm.ASSOCIATION),
        ("9230", LegalForm.ASSOCIATION),
        ("9260", LegalForm.ASSOCIATION),
        # Collectivités territoriales
        ("7210", LegalForm.COLLECTIVITE_TERRITORIALE),  # Commune
        ("7220", LegalForm.COLLECTIVITE_TERRITORIALE),  # Département
        ("7225", LegalForm.COLLECTIVITE_TERRITORIALE),  # Collectivité d'outre-mer
        ("7229", LegalForm.COLLECTIVITE_TERRITORIALE),
        ("7230", LegalForm.COLLECTIVITE_TERRITORIALE),  # Région
        ("7312", LegalForm.COLLECTIVITE_TERRITORIALE),  # Commune associée / déléguée
        # Établissements publics
        ("4110", LegalForm.ETABLISSEMENT_PUBLIC),  # EPIC national
        ("4120", LegalForm.ETABLISSEMENT_PUBLIC),
        ("4140", LegalForm.ETABLISSEMENT_PUBLIC),  # EPIC local
        ("4150", LegalForm.ETABLISSEMENT_PUBLIC),  # Régie industrielle et commerciale
        ("4160", LegalForm.ETABLISSEMENT_PUBLIC),
        ("7346", LegalForm.ETABLISSEMENT_PUBLIC),  # Communauté de communes
        ("7373", LegalForm.ETABLISSEMENT_PUBLIC),  # Établissement public local culturel
        ("7389", LegalForm.ETABLISSEMENT_PUBLIC),  # EPA national
        ("7410", LegalForm.ETABLISSEMENT_PUBLIC),  # GIP
        # Not covered by the guide's table
        ("7113", ""),  # Ministère
        ("9300", ""),  # Fondation
        ("8410", ""),  # Syndicat de salariés
        ("3120", ""),  # Société commerciale étrangère
        ("2110", ""),  # Indivision
        # Malformed
        ("", ""),
        ("57", ""),
        ("57100", ""),
        ("ABCD", ""),
    ],
)
def test_legal_form_from_nature_juridique(code, expected):
    assert legal_form_from_nature_juridique(code) == expected


def test_legal_form_accepts_formatted_codes():
    assert legal_form_from_nature_juridique(" 57.10 ") == LegalForm.SOCIETE_COMMERCIALE


@pytest.mark.parametrize(
    ("etat", "closed"),
    [("A", False), ("F", True), ("C", True), ("f", True), (" C ", True), ("", False)],
)
def test_is_establishment_closed(etat, closed):
    assert is_establishment_closed(etat) is closed


def test_closed_states():
    assert set(ESTABLISHMENT_CLOSED_STATES) == {"F", "C"}
