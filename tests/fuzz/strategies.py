"""Hypothesis strategies of bad input: values for any form field, files that lie, CSVs that do
not follow the format, and the one value per field that is *certainly* invalid (the poison that
makes every generated submission a bad one, so the database must not change)."""

import io
import zipfile

from hypothesis import strategies as st

# --- text ----------------------------------------------------------------------------------------

CONTROL = "".join(chr(c) for c in range(1, 32)) + "\x7f\x85\u2028\u2029\ufeff"
RTL = "\u202e\u202d\u200f\u200e\u2066\u2067\u2069\u061c"
FRAGMENTS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "' OR '1'='1' --",
    "'; DROP TABLE accounts_user; --",
    "1; SELECT pg_sleep(5)",
    "%00%0d%0a",
    "../../../../etc/passwd",
    "\\x00",
    "Robert'); DELETE FROM espace_pro_structure;--",
    "ＮＦＫＣ ﬁ ß İ",
    "\U0001f3b5" * 50,
]
NUMBERS = [
    "-1",
    "-0.01",
    "0",
    "-0",
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "12.3456789",
    "0.005",
    "1 000 000,999",
    "999999999999999999999999999999",
    "99999999999.99",
    "1,2,3",
    "0x10",
    "١٢٣",  # Arabic-Indic digits
    "12,50 €",
    "+-5",
]
DATES = [
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "1900-02-29",
    "31/02/2026",
    "2026-02-29",
    "29/02/2100",
    "2026-1-1T25:61",
    "demain",
    "-2026-01-01",
]
CHECKSUMS = [
    "12345678901234",  # SIRET failing Luhn
    "123456789",  # SIREN failing Luhn
    "1234567890123",  # one digit short
    "W123456789",  # RNA of the wrong length
    "W12345678",
    "FR7630006000011234567890188",  # IBAN with a wrong check
    "FR76 3000 6000 0112 3456 7890 18",
    "DE89370400440532013001",
    "GB00XXXX00000000000000",
    "BNPAFRPPXX",  # BIC with a wrong branch
    "ZZZZZZ22",
]

text = st.one_of(
    st.sampled_from(["", " ", "\t\n", "   x   "]),
    st.text(max_size=40),
    st.text(alphabet=CONTROL + RTL + "aé", min_size=1, max_size=40),
    st.sampled_from(FRAGMENTS),
    st.sampled_from([1_000, 5_000]).map(lambda n: "é" * n),
    st.just("\U0001f3b5" * 100_000),  # 400 KB in one field
    st.sampled_from(NUMBERS),
    st.sampled_from(DATES),
    st.sampled_from(CHECKSUMS),
)

# A value in a QueryDict: one string, or the field duplicated with several values.
value = st.one_of(text, text, text, st.lists(text, min_size=2, max_size=3))

# --- files ---------------------------------------------------------------------------------------


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bombe.csv", b"0" * 20_000_000)  # 20 MB of zeros in ~20 KB
    return buffer.getvalue()


ZIP_BOMB = _zip_bomb()
CSV_HEADER = "date;numero;salle;billets;recette_ttc\n"
FILES = [
    ("faux.pdf", b"Ceci n'est pas un PDF mais du texte.\n", "application/pdf"),
    ("image.png", b"%PDF-1.4 pas une image", "image/png"),
    ("script.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
    ("vide.pdf", b"", "application/pdf"),
    ("bombe.zip", ZIP_BOMB, "application/zip"),
    ("bombe.pdf", ZIP_BOMB, "application/pdf"),
    ("bombe.csv", ZIP_BOMB, "text/csv"),
    ("binaire.csv", bytes(range(256)) * 4, "text/csv"),
    ("utf16.csv", (CSV_HEADER + "2026-01-01;1;Zénith;100;1000\n").encode("utf-16"), "text/csv"),
    ("latin1.csv", (CSV_HEADER + "31/02/2026;é;Zénith;-5;1e400\n").encode("latin-1"), "text/csv"),
    ("tabs.csv", b"date\tnumero\tsalle\n2026-01-01\t1\tx\n", "text/csv"),
    ("virgules.csv", b"date,numero,salle,billets\n2026-01-01,1,x,abc\n", "text/csv"),
    ("entete.csv", b"colonne_inconnue;autre\n1;2\n", "text/csv"),
    ("lignes.csv", (CSV_HEADER + ";;;;\n" * 200).encode(), "text/csv"),
    ("releve.ofx", b"<OFX><BANKTRANLIST><STMTTRN>-999999999</STMTTRN></OFX>", "text/plain"),
    ("releve.csv", b"\xef\xbb\xbfdate;libelle;montant\n2026-02-30;<b>x</b>;-1e400\n", "text/csv"),
    ("nom" + "x" * 300 + ".pdf", b"%PDF-1.4\n%%EOF", "application/pdf"),
    ("../../etc/passwd.pdf", b"%PDF-1.4\n", "application/pdf"),
]
OVERSIZED_BYTES = 300_000  # the suite lowers UPLOAD_MAX_BYTES below this (same code path)
FILES.append(("gros.pdf", b"%PDF-1.4\n" + b"0" * OVERSIZED_BYTES, "application/pdf"))

bad_file = st.sampled_from(FILES)

# --- poison: one value that no form may accept ---------------------------------------------------


def poisons(field) -> list:
    """Values certainly invalid for ``field`` (a :class:`tests.fuzz.targets.Field`)."""
    found = []
    if field.required:
        found.append(None)  # the field missing from the submission
        if field.kind != "file":
            found.append("")
    if field.maxlength and field.kind in ("text", "textarea"):
        found.append("x" * (field.maxlength + 1))
    if field.kind == "number":
        found.append("pas-un-nombre")
    if field.kind == "date":
        found.append("2026-02-30")
    if field.kind == "email":
        found.append("pas-une-adresse")
    if field.kind == "select" and field.options:
        found.append("valeur-inconnue-\u202e")
    if field.kind == "file":
        found.append(FILES[0])  # text pretending to be a PDF
    return found
