"""Generate ``espace_pro/data/registry.json``, the offline SIRENE/RNA directory.

The portal runs without network by default (DESIGN.md, "External registries"): the offline
backend of ``espace_pro.registry`` answers SIRET and RNA look-ups from this file. The records are
invented but shaped like the real registries: SIREN/SIRET with valid Luhn keys, RNA numbers
starting with the greffe code, INSEE catégories juridiques, real postal codes.

The output is deterministic (``random.Random(2026)``, curated word lists rather than Faker, whose
output changes between versions) and committed, so the runtime never needs this script.
The first records are fixed: tests and demo data rely on their numbers.

Usage: ``.venv/bin/python scripts/generate_registry.py [--output PATH]``
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from stdnum import luhn
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from espace_pro.rules import legal_form_from_nature_juridique, validate_rna  # noqa: E402

OUTPUT = ROOT / "espace_pro" / "data" / "registry.json"
SEED = 2026
LA_POSTE_SIREN = "356000000"

# (postal code, city, RNA greffe code or "" where associations are registered under local law)
CITIES = [
    *((f"750{n:02d}", "Paris", "W751") for n in range(1, 21)),
    *((f"6900{n}", "Lyon", "W691") for n in range(1, 10)),
    *((f"130{n:02d}", "Marseille", "W133") for n in (1, 2, 3, 4, 5, 6, 7, 8)),
    ("31000", "Toulouse", "W313"),
    ("31300", "Toulouse", "W313"),
    ("44000", "Nantes", "W442"),
    ("44200", "Nantes", "W442"),
    ("33000", "Bordeaux", "W332"),
    ("33800", "Bordeaux", "W332"),
    ("59000", "Lille", "W595"),
    ("59800", "Lille", "W595"),
    ("34000", "Montpellier", "W343"),
    ("35000", "Rennes", "W353"),
    ("06000", "Nice", "W062"),
    ("38000", "Grenoble", "W381"),
    ("63000", "Clermont-Ferrand", "W632"),
    ("21000", "Dijon", "W212"),
    ("76000", "Rouen", "W763"),
    ("37000", "Tours", "W372"),
    ("49000", "Angers", "W491"),
    ("29200", "Brest", "W294"),
    ("87000", "Limoges", "W872"),
    ("86000", "Poitiers", "W863"),
    ("45000", "Orléans", "W452"),
    ("80000", "Amiens", "W802"),
    ("51100", "Reims", "W511"),
    ("25000", "Besançon", "W251"),
    ("64000", "Pau", "W643"),
    ("17000", "La Rochelle", "W173"),
    ("84000", "Avignon", "W841"),
    ("13100", "Aix-en-Provence", "W131"),
    ("30000", "Nîmes", "W302"),
    ("66000", "Perpignan", "W663"),
    ("72000", "Le Mans", "W722"),
    ("14000", "Caen", "W141"),
    ("56100", "Lorient", "W561"),
    ("22000", "Saint-Brieuc", "W221"),
    ("74000", "Annecy", "W741"),
    ("42000", "Saint-Étienne", "W423"),
    ("97400", "Saint-Denis", "W9R4"),
    ("67000", "Strasbourg", ""),
    ("68100", "Mulhouse", ""),
    ("57000", "Metz", ""),
]

STREETS = [
    "rue de la République",
    "avenue Jean Jaurès",
    "boulevard Voltaire",
    "rue Victor Hugo",
    "place du Marché",
    "rue des Martyrs",
    "rue Jean Moulin",
    "avenue de la Gare",
    "quai de la Loire",
    "rue du Faubourg Saint-Antoine",
    "rue Oberkampf",
    "rue de la Paix",
    "rue Pasteur",
    "rue Gambetta",
    "allée des Musiciens",
    "impasse du Conservatoire",
    "rue Émile Zola",
    "cours Lafayette",
    "rue Nationale",
    "boulevard de Strasbourg",
    "rue des Tanneurs",
    "rue Saint-Jacques",
    "place de la Libération",
    "rue du Général de Gaulle",
    "rue Berlioz",
    "rue Debussy",
    "avenue Maurice Ravel",
    "rue des Lilas",
    "chemin des Vignes",
    "rue de la Mairie",
    "rue du Port",
    "quai des Chartrons",
    "rue Paradis",
    "rue Sainte-Catherine",
    "rue de Verdun",
    "rue Carnot",
    "avenue Foch",
    "rue des Arts",
    "rue Édith Piaf",
    "rue Georges Brassens",
]

MOTIFS = [
    "Nuits Sonores",
    "Clef de Sol",
    "Basse Fréquence",
    "Onde Courte",
    "Grand Large",
    "Contrebande",
    "Mille Feux",
    "Ritournelle",
    "Vinyle Rouge",
    "Soleil Vert",
    "Écho Lointain",
    "Horizon",
    "Pulsation",
    "Tempo Rubato",
    "Métronome",
    "Harmonie",
    "Mistral",
    "Sirocco",
    "Canopée",
    "Ressac",
    "Comète",
    "Boussole",
    "Lanterne",
    "Colibri",
    "Bourdon",
    "Fil d'Ariane",
    "Quatre Saisons",
    "Mezzanine",
    "Aquarium",
    "Rivage",
    "Transat",
    "Octave",
    "Double Croche",
    "Point d'Orgue",
    "Contre-Chant",
    "Sillon",
    "Larsen",
    "Diapason",
    "Cordes Sensibles",
    "Grain de Sable",
    "Tambour Battant",
    "Volubilis",
    "Mandragore",
    "Chant des Sirènes",
    "Feu Follet",
    "Nouvelle Vague",
    "Boréal",
    "Cap Horn",
    "Belle Étoile",
    "Petit Bal",
    "Grand Huit",
    "Caravelle",
    "Bacchanale",
    "Marée Haute",
    "Ultrason",
    "Crescendo",
    "Passacaille",
    "Rumeur",
    "Saltimbanque",
    "Zéphyr",
]

COMPANY_PATTERNS = [
    "{m} Records",
    "Disques {m}",
    "Label {m}",
    "{m} Production",
    "{m} Productions",
    "{m} Spectacles",
    "{m} Live",
    "{m} Tournées",
    "{m} Booking",
    "Agence {m}",
    "Le {m} Club",
    "Salle {m}",
    "{m} Café-Concert",
    "Studio {m}",
    "Éditions musicales {m}",
    "{m} Music",
    "{m} Sonorisation",
    "Disquaire {m}",
]
# SAS, SARL, SASU dominate the sector; a few SA, SNC and SCOP (SARL coopérative ouvrière).
COMPANY_CODES = ["5710"] * 10 + ["5499"] * 7 + ["5720"] * 5 + ["5599", "5202", "5458"]

ASSOCIATION_PATTERNS = [
    "Association {m}",
    "Festival {m}",
    "Les Amis de {m}",
    "Collectif {m}",
    "{m} Musiques Actuelles",
    "Chorale {m}",
    "Fanfare {m}",
    "Ensemble {m}",
    "Orchestre {m}",
]
CITY_ASSOCIATION_PATTERNS = [
    "Jazz en Ville {de_city}",
    "Harmonie municipale {de_city}",
    "École de musique {de_city}",
    "Rock {a_city}",
    "Festival des Musiques du Monde {de_city}",
    "Printemps Musical {de_city}",
    "Chœur {de_city}",
    "Blues Club {de_city}",
]

FIRST_NAMES = [
    "Léa",
    "Hugo",
    "Chloé",
    "Lucas",
    "Manon",
    "Nathan",
    "Inès",
    "Théo",
    "Jade",
    "Louis",
    "Sarah",
    "Jules",
    "Zoé",
    "Maxime",
    "Clara",
    "Antoine",
    "Emma",
    "Yanis",
    "Louise",
    "Karim",
    "Aïcha",
    "Mathis",
    "Margaux",
    "Paul",
]
LAST_NAMES = [
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Benali",
    "Nguyen",
    "Da Silva",
    "Garnier",
]
TRADES = [
    "Musique",
    "Sonorisation",
    "Régie son",
    "Enseignement musical",
    "Lutherie",
    "Production musicale",
    "Mixage et mastering",
    "Accordage de pianos",
    "Éclairage scénique",
    "Booking",
]

COMMUNES = [
    ("Villeurbanne", "69100"),
    ("Montreuil", "93100"),
    ("Saint-Nazaire", "44600"),
    ("Tourcoing", "59200"),
    ("Bourges", "18000"),
    ("Évreux", "27000"),
    ("Vannes", "56000"),
    ("Quimper", "29000"),
    ("Arles", "13200"),
    ("Colmar", "68000"),
    ("Chambéry", "73000"),
    ("Angoulême", "16000"),
    ("Périgueux", "24000"),
    ("Nevers", "58000"),
    ("Auch", "32000"),
]
DEPARTEMENTS = [
    ("Département de la Gironde", "1 esplanade Charles de Gaulle", "33000", "Bordeaux"),
    ("Département du Nord", "51 rue Gustave Delory", "59000", "Lille"),
    ("Département de la Loire-Atlantique", "3 quai Ceineray", "44000", "Nantes"),
    ("Département du Finistère", "32 boulevard Dupleix", "29000", "Quimper"),
    ("Département de l'Hérault", "1000 rue d'Alco", "34000", "Montpellier"),
]
REGIONS = [
    ("Région Bretagne", "283 avenue du Général Patton", "35000", "Rennes"),
    ("Région Occitanie", "22 boulevard du Maréchal Juin", "31400", "Toulouse"),
    ("Région Hauts-de-France", "151 avenue du Président Hoover", "59000", "Lille"),
    ("Région Grand Est", "1 place Adrien Zeller", "67000", "Strasbourg"),
]
PUBLIC_BODIES = [
    # (name pattern, catégorie juridique)
    ("Théâtre national {m}", "4110"),
    ("Cité musicale {m}", "4120"),
    ("Régie culturelle {m}", "4150"),
    ("EPCC {m} Musiques", "7373"),
    ("Conservatoire {m}", "7373"),
    ("Institut national {m}", "7389"),
    ("Communauté d'agglomération {m}", "7348"),
    ("Communauté de communes {m}", "7346"),
    ("GIP Musiques {m}", "7410"),
]
# Forms the guide's table does not cover: the applicant picks (legal_form "").
OTHER_BODIES = [
    ("SCI {m}", "6540"),
    ("Fondation {m} pour la musique", "9300"),
    ("GIE {m} Spectacle", "6220"),
    ("Syndicat des musiciens {m}", "8410"),
    ("Société civile {m} Musique", "6599"),
]

FIXED = [
    {
        "siren_base": "90100001",
        "nic": "0001",
        "rna": "",
        "name": "Label Demo Musique",
        "nature_juridique": "5710",
        "address": "12 rue Oberkampf",
        "postal_code": "75011",
        "city": "Paris",
        "etat": "A",
    },
    {
        "siren_base": "80200002",
        "nic": "0001",
        "rna": "W691000123",
        "name": "Association Demo Jazz",
        "nature_juridique": "9220",
        "address": "3 place des Terreaux",
        "postal_code": "69001",
        "city": "Lyon",
        "etat": "A",
    },
    {
        "siren_base": "21459990",
        "nic": "0001",
        "rna": "",
        "name": "Commune de Demoville",
        "nature_juridique": "7210",
        "address": "1 place de la Mairie",
        "postal_code": "45170",
        "city": "Demoville",
        "etat": "A",
    },
    {
        "siren_base": "85300003",
        "nic": "0001",
        "rna": "",
        "name": "Camille Martin — Musique",
        "nature_juridique": "1000",
        "address": "8 rue des Lilas",
        "postal_code": "33000",
        "city": "Bordeaux",
        "etat": "A",
    },
    {
        "siren_base": "18400004",
        "nic": "0001",
        "rna": "",
        "name": "Opéra Demo",
        "nature_juridique": "4110",
        "address": "19 place Broglie",
        "postal_code": "67000",
        "city": "Strasbourg",
        "etat": "A",
    },
    {
        "siren_base": "79500005",
        "nic": "0001",
        "rna": "",
        "name": "Ancienne Salle Demo",
        "nature_juridique": "5710",
        "address": "40 rue de Lappe",
        "postal_code": "75011",
        "city": "Paris",
        "etat": "F",
    },
]


def de_city(city: str) -> str:
    """French elision and contraction: "de Lyon", "d'Angers", "du Mans", "de La Rochelle"."""
    if city.startswith("Le "):
        return f"du {city[3:]}"
    if city[0] in "AEIOUYÉÈÊÂÎÔH":
        return f"d'{city}"
    return f"de {city}"


def a_city(city: str) -> str:
    """French contraction: "à Lyon", "au Mans"."""
    return f"au {city[3:]}" if city.startswith("Le ") else f"à {city}"


def with_luhn_key(digits: str) -> str:
    """Append the Luhn key INSEE uses for SIREN (on 9 digits) and SIRET (on 14 digits)."""
    return digits + luhn.calc_check_digit(digits)


class Generator:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.records: list[dict] = []
        self.sirens: set[str] = set()
        self.rnas: set[str] = set()
        self.names: set[str] = set()

    # Identifiers ---------------------------------------------------------------------------------

    def new_siren(self, prefix: str = "") -> str:
        while True:
            first = prefix or str(self.rng.randint(3, 9))
            body = first + "".join(str(self.rng.randint(0, 9)) for _ in range(8 - len(first)))
            siren = with_luhn_key(body)
            if siren != LA_POSTE_SIREN and siren not in self.sirens:
                self.sirens.add(siren)
                return siren

    def new_rna(self, greffe: str) -> str:
        while True:
            rna = greffe + "".join(str(self.rng.randint(0, 9)) for _ in range(10 - len(greffe)))
            if rna not in self.rnas:
                self.rnas.add(rna)
                return rna

    @staticmethod
    def siret(siren: str, establishment_number: int) -> str:
        return with_luhn_key(f"{siren}{establishment_number:04d}")

    # Values --------------------------------------------------------------------------------------

    def street(self) -> str:
        number = self.rng.randint(1, 180)
        suffix = self.rng.choice(["", "", "", "", " bis", " ter"])
        return f"{number}{suffix} {self.rng.choice(STREETS)}"

    def unique_name(self, make) -> str:
        for _ in range(1000):
            name = make()
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("Word lists too short for unique names")

    def add(
        self,
        *,
        siren: str,
        siret: str,
        rna: str,
        name: str,
        nature_juridique: str,
        address: str,
        postal_code: str,
        city: str,
        etat: str = "A",
        is_head_office: bool = True,
    ) -> None:
        self.records.append(
            {
                "siret": siret,
                "siren": siren,
                "rna": rna,
                "name": name,
                "nature_juridique": nature_juridique,
                "legal_form": legal_form_from_nature_juridique(nature_juridique),
                "address": address,
                "postal_code": postal_code,
                "city": city,
                "etat": etat,
                "is_head_office": is_head_office,
            }
        )

    def closed(self, share: float) -> str:
        return "F" if self.rng.random() < share else "A"

    # Families ------------------------------------------------------------------------------------

    def fixed(self) -> None:
        for spec in FIXED:
            siren = with_luhn_key(spec["siren_base"])
            self.sirens.add(siren)
            self.names.add(spec["name"])
            if spec["rna"]:
                self.rnas.add(spec["rna"])
            self.add(
                siren=siren,
                siret=self.siret(siren, int(spec["nic"])),
                rna=spec["rna"],
                name=spec["name"],
                nature_juridique=spec["nature_juridique"],
                address=spec["address"],
                postal_code=spec["postal_code"],
                city=spec["city"],
                etat=spec["etat"],
            )

    def companies(self, count: int) -> None:
        for _ in range(count):
            name = self.unique_name(
                lambda: self.rng.choice(COMPANY_PATTERNS).format(m=self.rng.choice(MOTIFS))
            )
            siren = self.new_siren()
            postal_code, city, _greffe = self.rng.choice(CITIES)
            code = self.rng.choice(COMPANY_CODES)
            etat = self.closed(0.04)
            self.add(
                siren=siren,
                siret=self.siret(siren, 1),
                rna="",
                name=name,
                nature_juridique=code,
                address=self.street(),
                postal_code=postal_code,
                city=city,
                etat=etat,
            )
            # Some companies run a second venue or office: a secondary establishment.
            if self.rng.random() < 0.12:
                postal_code, city, _greffe = self.rng.choice(CITIES)
                self.add(
                    siren=siren,
                    siret=self.siret(siren, self.rng.randint(2, 40)),
                    rna="",
                    name=name,
                    nature_juridique=code,
                    address=self.street(),
                    postal_code=postal_code,
                    city=city,
                    etat="F" if etat == "F" else self.closed(0.2),
                    is_head_office=False,
                )

    def associations(self, with_siret: int, rna_only: int) -> None:
        for index in range(with_siret + rna_only):
            postal_code, city, greffe = self.rng.choice(CITIES)
            if index >= with_siret and not greffe:
                postal_code, city, greffe = self.rng.choice([c for c in CITIES if c[2]])

            def make_name(city: str = city) -> str:
                if self.rng.random() < 0.35:
                    return self.rng.choice(CITY_ASSOCIATION_PATTERNS).format(
                        de_city=de_city(city), a_city=a_city(city)
                    )
                return self.rng.choice(ASSOCIATION_PATTERNS).format(m=self.rng.choice(MOTIFS))

            name = self.unique_name(make_name)
            # Alsace-Moselle associations are registered at the tribunal, not in the RNA.
            code = "9220" if greffe else "9260"
            rna = self.new_rna(greffe) if greffe else ""
            if index >= with_siret:
                # Not registered in SIRENE (no employee, no subsidy yet): known by RNA only.
                self.add(
                    siren="",
                    siret="",
                    rna=rna,
                    name=name,
                    nature_juridique=code,
                    address=self.street(),
                    postal_code=postal_code,
                    city=city,
                )
                continue
            if self.rng.random() < 0.08:
                code = "9230"  # reconnue d'utilité publique
            siren = self.new_siren(self.rng.choice(["4", "5", "7", "8"]))
            etat = self.closed(0.04)
            self.add(
                siren=siren,
                siret=self.siret(siren, 1),
                rna=rna,
                name=name,
                nature_juridique=code,
                address=self.street(),
                postal_code=postal_code,
                city=city,
                etat=etat,
            )
            if self.rng.random() < 0.08:
                self.add(
                    siren=siren,
                    siret=self.siret(siren, self.rng.randint(2, 9)),
                    rna=rna,
                    name=name,
                    nature_juridique=code,
                    address=self.street(),
                    postal_code=postal_code,
                    city=city,
                    etat=etat,
                    is_head_office=False,
                )

    def collectivites(self) -> None:
        for commune, postal_code in COMMUNES:
            siren = self.new_siren("21" + postal_code[:2])
            self.add(
                siren=siren,
                siret=self.siret(siren, 1),
                rna="",
                name=f"Commune de {commune}",
                nature_juridique="7210",
                address=f"{self.rng.randint(1, 20)} place de l'Hôtel de Ville",
                postal_code=postal_code,
                city=commune,
            )
        for code, prefix, entries in (("7220", "22", DEPARTEMENTS), ("7230", "23", REGIONS)):
            for name, address, postal_code, city in entries:
                siren = self.new_siren(prefix + postal_code[:2])
                self.add(
                    siren=siren,
                    siret=self.siret(siren, 1),
                    rna="",
                    name=name,
                    nature_juridique=code,
                    address=address,
                    postal_code=postal_code,
                    city=city,
                )

    def entrepreneurs(self, count: int) -> None:
        for _ in range(count):
            name = self.unique_name(
                lambda: (
                    f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)} — "
                    f"{self.rng.choice(TRADES)}"
                )
            )
            siren = self.new_siren(self.rng.choice(["8", "9"]))
            postal_code, city, _greffe = self.rng.choice(CITIES)
            self.add(
                siren=siren,
                siret=self.siret(siren, self.rng.choice([1, 1, 1, 2, 3])),
                rna="",
                name=name,
                nature_juridique="1000",
                address=self.street(),
                postal_code=postal_code,
                city=city,
                etat=self.closed(0.05),
            )

    def bodies(self, patterns: list[tuple[str, str]], count: int, prefix: str) -> None:
        for index in range(count):
            pattern, code = patterns[index % len(patterns)]
            name = self.unique_name(
                lambda pattern=pattern: pattern.format(m=self.rng.choice(MOTIFS))
            )
            siren = self.new_siren(prefix if code.startswith(("4", "7")) else "")
            postal_code, city, _greffe = self.rng.choice(CITIES)
            self.add(
                siren=siren,
                siret=self.siret(siren, 1),
                rna="",
                name=name,
                nature_juridique=code,
                address=self.street(),
                postal_code=postal_code,
                city=city,
            )

    def generate(self) -> list[dict]:
        self.fixed()
        self.companies(120)
        self.associations(with_siret=85, rna_only=20)
        self.collectivites()
        self.entrepreneurs(25)
        self.bodies(PUBLIC_BODIES, 18, prefix="1")
        self.bodies(OTHER_BODIES, 5, prefix="")
        return self.records


def check(records: list[dict]) -> None:
    """Refuse to write a directory the validators would reject."""
    sirets = [r["siret"] for r in records if r["siret"]]
    assert len(sirets) == len(set(sirets)), "duplicate SIRET"
    for record in records:
        if record["siret"]:
            assert stdnum_siret.is_valid(record["siret"]), record
            assert record["siret"].startswith(record["siren"]), record
        if record["siren"]:
            assert stdnum_siren.is_valid(record["siren"]), record
        if record["rna"]:
            assert validate_rna(record["rna"]) == record["rna"], record
        assert record["siret"] or record["rna"], record
        assert record["etat"] in {"A", "F"}, record
        assert len(record["postal_code"]) == 5, record


def dump(records: list[dict]) -> str:
    # One record per line: small, and diffs stay readable when the generator changes.
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f"[\n{lines}\n]\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    records = Generator().generate()
    check(records)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(dump(records), encoding="utf-8")
    print(f"{len(records)} records written to {args.output}")
    for record in records[: len(FIXED)]:
        print(
            f"  {record['name']}: SIRET {record['siret']} SIREN {record['siren']} {record['rna']}"
        )


if __name__ == "__main__":
    main()
