"""Import of a declaration's representations from CSV: pure parsing, no database."""

from datetime import date
from decimal import Decimal as D

import pytest

from taxe import csv_import
from taxe.csv_import import LineError, RepresentationRow, parse_representations_csv

TODAY = date(2026, 3, 10)
HEADER = (
    "date;lieu;commune;categorie;theatre_astp;seance_educative;billetterie;"
    "montant_ht;montant_ttc;taux_tva"
)
NBSP = "\u00a0"


def build(*lines: str, header: str = HEADER, delimiter: str = ";") -> bytes:
    text = "\n".join([header, *lines]) + "\n"
    if delimiter != ";":
        text = text.replace(";", delimiter)
    return text.encode("utf-8")


def parse(content: bytes) -> tuple[list[RepresentationRow], list[LineError]]:
    return parse_representations_csv(content, today=TODAY)


def errors_of(content: bytes) -> list[tuple[int, str]]:
    return [(error.line, error.field) for error in parse(content)[1]]


def only_error(content: bytes) -> LineError:
    rows, errors = parse(content)
    assert rows == []
    assert len(errors) == 1, errors
    return errors[0]


GOOD_LINES = (
    "15/01/2026;Olympia;Paris;1;non;non;oui;1 234,56;;",
    "2026-01-16;Zénith;Lille;4°;oui;;non;;105,50;5,5",
)


# --- Good files ------------------------------------------------------------------------------


def test_good_file():
    rows, errors = parse(build(*GOOD_LINES))
    assert errors == []
    assert rows == [
        RepresentationRow(
            line=2,
            date=date(2026, 1, 15),
            venue="Olympia",
            city="Paris",
            category="1",
            astp_theatre=False,
            educational=False,
            ticketing=True,
            base_ht=D("1234.56"),
            amount_ttc=None,
            vat_rate=None,
        ),
        RepresentationRow(
            line=3,
            date=date(2026, 1, 16),
            venue="Zénith",
            city="Lille",
            category="4",
            astp_theatre=True,
            educational=False,
            ticketing=False,
            base_ht=D("100.00"),
            amount_ttc=D("105.50"),
            vat_rate=D("0.055"),
        ),
    ]


def test_comma_delimiter():
    content = build(
        '15/01/2026,Olympia,Paris,1,non,non,oui,"1 234,56",,',
        "2026-01-16,Zénith,Lille,5,non,oui,oui,1234.56,,",
        '2026-01-17,"Salle Pleyel, grande salle",Paris,2,,,oui,,"1 055,00","5,5"',
        delimiter=",",
    )
    rows, errors = parse(content)
    assert errors == []
    assert [row.base_ht for row in rows] == [D("1234.56"), D("1234.56"), D("1000.00")]
    assert rows[1].educational is True
    assert rows[2].venue == "Salle Pleyel, grande salle"


def test_utf8_bom():
    rows, errors = parse(b"\xef\xbb\xbf" + build(*GOOD_LINES))
    assert errors == []
    assert [row.venue for row in rows] == ["Olympia", "Zénith"]


def test_cp1252_excel_export():
    text = HEADER + "\r\n" + "15/01/2026;Théâtre de l'Œuvre;Orléans;2°;non;non;oui;100,00;;\r\n"
    content = text.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    rows, errors = parse(content)
    assert errors == []
    assert rows[0].venue == "Théâtre de l'Œuvre"
    assert rows[0].city == "Orléans"
    assert rows[0].category == "2"


def test_crlf_and_blank_lines():
    content = (HEADER + "\r\n" + GOOD_LINES[0] + "\r\n\r\n;;;;;;;;;\r\n" + GOOD_LINES[1]).encode()
    rows, errors = parse(content)
    assert errors == []
    assert [row.line for row in rows] == [2, 5]  # blank lines keep their number


def test_header_is_case_insensitive_and_in_any_order():
    header = "Montant_HT;DATE;Lieu;Commune;Catégorie;Théâtre ASTP;Séance éducative;Billetterie"
    rows, errors = parse(build("100;15/01/2026;Olympia;Paris;1;non;non;oui", header=header))
    assert errors == []
    assert rows[0].base_ht == D("100.00")
    assert rows[0].amount_ttc is None


def test_unknown_extra_columns_are_ignored():
    rows, errors = parse(build(GOOD_LINES[0] + ";commentaire", header=HEADER + ";remarque"))
    assert errors == []
    assert len(rows) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", "1"),
        ("5", "5"),
        ("1°", "1"),
        ("3 °", "3"),
        ("4º", "4"),  # masculine ordinal indicator typed instead of the degree sign
        ("Traditionnelle", "traditionnelle"),
        (" AUCUNE ", "aucune"),
    ],
)
def test_category_spellings(value, expected):
    rows, errors = parse(build(f"15/01/2026;Olympia;Paris;{value};;;oui;100;;"))
    assert errors == []
    assert rows[0].category == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("oui", True),
        ("OUI", True),
        ("1", True),
        ("true", True),
        ("True", True),
        ("non", False),
        ("0", False),
        ("false", False),
        ("", False),  # empty means non
    ],
)
def test_flags(value, expected):
    rows, errors = parse(build(f"15/01/2026;Olympia;Paris;4;{value};{value};oui;100;;"))
    assert errors == []
    assert rows[0].astp_theatre is expected
    assert rows[0].educational is expected


@pytest.mark.parametrize(("value", "expected"), [("oui", True), ("non", False), ("Non", False)])
def test_ticketing(value, expected):
    rows, errors = parse(build(f"15/01/2026;Olympia;Paris;1;;;{value};100;;"))
    assert errors == []
    assert rows[0].ticketing is expected


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),  # no-break space from Excel
        ("1\u202f234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1234", "1234.00"),
        ("0", "0.00"),
        ("12,5 €", "12.50"),
    ],
)
def test_french_amounts(text, amount):
    rows, errors = parse(build(f"15/01/2026;Olympia;Paris;1;;;oui;{text};;"))
    assert errors == []
    assert rows[0].base_ht == D(amount)


@pytest.mark.parametrize(
    ("ttc", "rate", "ht", "vat_rate"),
    [
        ("105,50", "5,5", "100.00", "0.055"),
        ("105.50", "5.5", "100.00", "0.055"),
        ("105,50", "5,5 %", "100.00", "0.055"),
        ("102,10", "2,1", "100.00", "0.021"),
        ("110", "10", "100.00", "0.10"),
        ("1 200,00", "20", "1000.00", "0.20"),
        ("10,00", "5,5", "9.48", "0.055"),  # 9.4786… half up
    ],
)
def test_ttc_to_ht(ttc, rate, ht, vat_rate):
    rows, errors = parse(build(f"15/01/2026;Olympia;Paris;1;;;oui;;{ttc};{rate}"))
    assert errors == []
    assert rows[0].base_ht == D(ht)
    assert rows[0].vat_rate == D(vat_rate)
    assert rows[0].amount_ttc is not None


def test_ht_and_consistent_ttc_are_both_kept():
    rows, errors = parse(build("15/01/2026;Olympia;Paris;1;;;oui;100,00;105,50;5,5"))
    assert errors == []
    assert (rows[0].base_ht, rows[0].amount_ttc, rows[0].vat_rate) == (
        D("100.00"),
        D("105.50"),
        D("0.055"),
    )


def test_ttc_only_header():
    header = (
        "date;lieu;commune;categorie;theatre_astp;seance_educative;billetterie;montant_ttc;taux_tva"
    )
    rows, errors = parse(build("15/01/2026;Olympia;Paris;1;;;oui;120;20", header=header))
    assert errors == []
    assert rows[0].base_ht == D("100.00")


def test_quoted_multiline_field_keeps_physical_line_numbers():
    content = build('15/01/2026;"Olympia\nsalle 2";Paris;1;;;oui;100;;', "xx;A;B;1;;;oui;1;;")
    rows, errors = parse(content)
    assert rows[0].venue == "Olympia salle 2"
    assert [(error.line, error.field) for error in errors] == [(4, "date")]


# --- Bad lines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        (";Olympia;Paris;1;;;oui;100;;", "date", "Indiquez la date de la représentation."),
        (
            "15-01-2026;Olympia;Paris;1;;;oui;100;;",
            "date",
            f"Date invalide «{NBSP}15-01-2026{NBSP}»{NBSP}: attendu jj/mm/aaaa ou aaaa-mm-jj.",
        ),
        (
            "31/02/2026;Olympia;Paris;1;;;oui;100;;",
            "date",
            f"La date «{NBSP}31/02/2026{NBSP}» n'existe pas.",
        ),
        (
            "2026-13-01;Olympia;Paris;1;;;oui;100;;",
            "date",
            f"La date «{NBSP}2026-13-01{NBSP}» n'existe pas.",
        ),
        (
            "15/01/2206;Olympia;Paris;1;;;oui;100;;",
            "date",
            "La date de représentation ne peut pas dépasser le 11 mars 2027.",
        ),
        (
            "15/01/1926;Olympia;Paris;1;;;oui;100;;",
            "date",
            "La date de représentation ne peut pas être antérieure au 1er janvier 2000.",
        ),
        ("15/01/2026;;Paris;1;;;oui;100;;", "lieu", "Indiquez le lieu de la représentation."),
        (
            "15/01/2026;Olympia;  ;1;;;oui;100;;",
            "commune",
            "Indiquez la commune de la représentation.",
        ),
        (
            f"15/01/2026;{'x' * 201};Paris;1;;;oui;100;;",
            "lieu",
            "La colonne lieu dépasse 200 caractères.",
        ),
        (
            "15/01/2026;Olympia;Paris;;;;oui;100;;",
            "categorie",
            "Indiquez la catégorie du spectacle.",
        ),
        (
            "15/01/2026;Olympia;Paris;6;;;oui;100;;",
            "categorie",
            f"Catégorie inconnue «{NBSP}6{NBSP}»{NBSP}: indiquez 1 à 5 (ou 1° à 5°), "
            f"«{NBSP}traditionnelle{NBSP}» ou «{NBSP}aucune{NBSP}».",
        ),
        (
            "15/01/2026;Olympia;Paris;1;peut-être;;oui;100;;",
            "theatre_astp",
            f"Valeur invalide «{NBSP}peut-être{NBSP}» dans la colonne theatre_astp{NBSP}: "
            "indiquez oui ou non.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;2;oui;100;;",
            "seance_educative",
            f"Valeur invalide «{NBSP}2{NBSP}» dans la colonne seance_educative{NBSP}: "
            "indiquez oui ou non.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;;100;;",
            "billetterie",
            f"Indiquez «{NBSP}oui{NBSP}» si la base est la recette de billetterie, "
            f"«{NBSP}non{NBSP}» si c'est le prix de cession du spectacle.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;cession;100;;",
            "billetterie",
            f"Valeur invalide «{NBSP}cession{NBSP}» dans la colonne billetterie{NBSP}: "
            "indiquez oui ou non.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;oui;12,345;;",
            "montant_ht",
            f"Montant HT invalide «{NBSP}12,345{NBSP}»{NBSP}: saisissez un nombre avec au plus "
            "deux décimales, par exemple 1\u202f234,56.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;oui;abc;;",
            "montant_ht",
            f"Montant HT invalide «{NBSP}abc{NBSP}»{NBSP}: saisissez un nombre avec au plus "
            "deux décimales, par exemple 1\u202f234,56.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;oui;-100,00;;",
            "montant_ht",
            "Le montant HT ne peut pas être négatif.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;oui;;-105,50;5,5",
            "montant_ttc",
            "Le montant TTC ne peut pas être négatif.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;oui;;1.2.3;5,5",
            "montant_ttc",
            f"Montant TTC invalide «{NBSP}1.2.3{NBSP}»{NBSP}: saisissez un nombre avec au plus "
            "deux décimales, par exemple 1\u202f234,56.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;oui;;;",
            "montant_ht",
            "Indiquez le montant HT, ou le montant TTC et le taux de TVA.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;oui;;;5,5",
            "montant_ht",
            "Indiquez le montant HT, ou le montant TTC et le taux de TVA.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;oui;;105,50;",
            "taux_tva",
            "Indiquez le taux de TVA du montant TTC.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;oui;;107,00;7",
            "taux_tva",
            f"Taux de TVA inconnu «{NBSP}7{NBSP}»{NBSP}: indiquez l'un des taux "
            f"2,1{NBSP}%, 5,5{NBSP}%, 10{NBSP}%, 20{NBSP}%.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;oui;;105,50;0,055",
            "taux_tva",
            f"Taux de TVA inconnu «{NBSP}0,055{NBSP}»{NBSP}: indiquez l'un des taux "
            f"2,1{NBSP}%, 5,5{NBSP}%, 10{NBSP}%, 20{NBSP}%.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;oui;99,00;105,50;5,5",
            "montant_ht",
            f"Le montant HT (99,00{NBSP}€) ne correspond pas au montant TTC (105,50{NBSP}€) au "
            f"taux de 5,5{NBSP}%{NBSP}: 100,00{NBSP}€ attendu.",
        ),
        (
            "15/01/2026;Olympia;Paris;1;;;oui;100;;;surplus",
            "ligne",
            "La ligne compte 11 colonnes alors que l'en-tête en a 10.",
        ),
    ],
)
def test_bad_line(line, field, message):
    rows, errors = parse(build(GOOD_LINES[0], line))
    assert [row.line for row in rows] == [2]
    assert errors == [LineError(3, field, message)]


def test_every_error_of_a_line_is_reported():
    rows, errors = parse(build("xx;;;9;peut;;;-3;;"))
    assert rows == []
    assert [(error.line, error.field) for error in errors] == [
        (2, "date"),
        (2, "lieu"),
        (2, "commune"),
        (2, "categorie"),
        (2, "theatre_astp"),
        (2, "billetterie"),
        (2, "montant_ht"),
    ]


def test_short_line_reports_the_missing_values():
    rows, errors = parse(build("15/01/2026;Olympia;Paris;1"))
    assert rows == []
    assert [(error.line, error.field) for error in errors] == [
        (2, "billetterie"),
        (2, "montant_ht"),
    ]


def test_mixed_good_and_bad_lines():
    content = build(
        GOOD_LINES[0],  # 2
        "32/01/2026;Olympia;Paris;1;;;oui;100;;",  # 3: bad date
        GOOD_LINES[1],  # 4
        "",  # 5: blank
        "16/01/2026;Bataclan;Paris;1;;;oui;-1;;",  # 6: negative
        "17/01/2026;Bataclan;Paris;traditionnelle;;;oui;50;;",  # 7
        "18/01/2026;Bataclan;Paris;7;;;oui;50;;",  # 8: bad category
    )
    rows, errors = parse(content)
    assert [row.line for row in rows] == [2, 4, 7]
    assert [(error.line, error.field) for error in errors] == [
        (3, "date"),
        (6, "montant_ht"),
        (8, "categorie"),
    ]


# --- Bad files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf", b"\r\n"])
def test_empty_file(content):
    assert only_error(content) == LineError(1, "fichier", "Le fichier est vide.")


def test_header_only():
    assert only_error(build()) == LineError(
        1, "fichier", "Le fichier ne contient aucune représentation."
    )


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02PK\x03\x04binary",  # a zip / xlsx
        b"date;lieu\n\x81\x8d\x8f\x90\x9d\n",  # neither UTF-8 nor Windows-1252
    ],
)
def test_unreadable_file(content):
    error = only_error(content)
    assert (error.line, error.field) == (1, "fichier")
    assert error.message.startswith("Le fichier n'est pas lisible")


def test_missing_header_column():
    header = "date;lieu;categorie;theatre_astp;seance_educative;billetterie;montant_ht"
    error = only_error(build("15/01/2026;Olympia;1;;;oui;100", header=header))
    assert (error.line, error.field) == (1, "entete")
    assert error.message.startswith(f"Colonnes manquantes{NBSP}: commune.")
    assert csv_import.COLUMNS[0] in error.message  # shows the expected header


def test_missing_amount_columns():
    header = "date;lieu;commune;categorie;theatre_astp;seance_educative;billetterie;montant_ttc"
    error = only_error(build("15/01/2026;Olympia;Paris;1;;;oui;100", header=header))
    assert error.message.startswith(
        f"Colonnes manquantes{NBSP}: montant_ht (ou montant_ttc et taux_tva)."
    )


def test_several_missing_columns_in_one_error():
    error = only_error(b"date,lieu\n15/01/2026,Olympia\n")
    assert error.field == "entete"
    assert error.message.startswith(
        f"Colonnes manquantes{NBSP}: commune, categorie, theatre_astp, seance_educative, "
        "billetterie, montant_ht (ou montant_ttc et taux_tva)."
    )


def test_not_a_csv_at_all():
    error = only_error("Bonjour, voici mes représentations.\n".encode())
    assert error.field == "entete"


def test_duplicated_column():
    error = only_error(build(GOOD_LINES[0] + ";Lyon", header=HEADER + ";commune"))
    assert error == LineError(1, "entete", f"Colonnes en double dans l'en-tête{NBSP}: commune.")


def test_line_limit(monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_ROWS", 3)
    rows, errors = parse(build(*[GOOD_LINES[0]] * 5))
    assert [row.line for row in rows] == [2, 3, 4]
    assert errors == [
        LineError(
            5,
            "fichier",
            f"Le fichier dépasse 3 représentations{NBSP}: découpez-le en plusieurs fichiers.",
        )
    ]


def test_real_line_limit_is_5000():
    assert csv_import.MAX_ROWS == 5000
    content = build(*[GOOD_LINES[0]] * 5001)
    rows, errors = parse(content)
    assert len(rows) == 5000
    assert errors == [
        LineError(
            5002,
            "fichier",
            f"Le fichier dépasse 5\u202f000 représentations{NBSP}: "
            "découpez-le en plusieurs fichiers.",
        )
    ]


def test_exactly_5000_lines_pass():
    rows, errors = parse(build(*[GOOD_LINES[1]] * 5000))
    assert errors == []
    assert len(rows) == 5000


def test_unreadable_line_stops_the_reading():
    content = build(
        GOOD_LINES[0], "15/01/2026;" + "x" * 200_000 + ";Paris;1;;;oui;100;;", GOOD_LINES[1]
    )
    rows, errors = parse(content)
    assert [row.line for row in rows] == [2]
    assert [(error.line, error.field) for error in errors] == [(3, "ligne")]
    assert errors[0].message.startswith("Ligne illisible")


def test_rows_are_frozen():
    rows, _errors = parse(build(GOOD_LINES[0]))
    with pytest.raises(AttributeError):
        rows[0].base_ht = D("0")  # type: ignore[misc]
