"""The OpenAPI 3.1 description of the simulator's JSON API, generated from the registry."""

from __future__ import annotations

from django.urls import reverse

from aides import programmes
from espace_pro.choices import LegalForm


def document(request) -> dict:
    articles = [p.slug for p in programmes.all()]
    simulate = reverse("aides_public:api_simulate", args=["SLUG"]).replace("SLUG", "{programme}")
    money = {"type": "string", "pattern": r"^-?\d+(\.\d{1,2})?$", "examples": ["12500.00"]}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Simulateur des aides du CNM",
            "version": "1.0",
            "description": (
                "Calcule, pour un programme du règlement général des aides du CNM, les critères "
                "remplis et l'aide maximale avec le détail de chaque étape. Les montants sont des "
                "chaînes décimales (deux décimales au plus). Aucune donnée n'est enregistrée."
            ),
        },
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "paths": {
            reverse("aides_public:api_programmes"): {
                "get": {
                    "summary": "Liste des programmes et des données que chacun demande",
                    "responses": {"200": {"description": "Les programmes"}},
                }
            },
            simulate: {
                "post": {
                    "summary": "Simuler l'aide d'un programme",
                    "parameters": [
                        {
                            "name": "programme",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": articles},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Simulation"}
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "Le résultat du calcul",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Resultat"}
                                }
                            },
                        },
                        "400": {"description": "Requête invalide (JSON, forme juridique)"},
                        "404": {"description": "Programme inconnu"},
                        "413": {"description": "Requête trop volumineuse"},
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Simulation": {
                    "type": "object",
                    "properties": {
                        "donnees": {
                            "type": "object",
                            "description": "Nom de la donnée → valeur (voir la liste des programmes).",
                            "additionalProperties": {
                                "type": ["string", "integer", "boolean", "null"]
                            },
                        },
                        "demandeur": {
                            "type": "object",
                            "properties": {
                                "forme_juridique": {
                                    "type": "string",
                                    "enum": list(LegalForm.values),
                                },
                                "affilie": {"type": ["boolean", "null"]},
                                "licence": {"type": ["boolean", "null"]},
                            },
                        },
                    },
                },
                "Etape": {
                    "type": "object",
                    "properties": {
                        "label": {"type": "string"},
                        "article": {"type": "string"},
                        "before": {"oneOf": [money, {"type": "null"}]},
                        "after": {"oneOf": [money, {"type": "null"}]},
                        "removed": money,
                        "detail": {"type": "string"},
                    },
                },
                "Resultat": {
                    "type": "object",
                    "required": ["amount", "eligible", "errors", "warnings", "steps"],
                    "properties": {
                        "amount": money,
                        "eligible": {"type": "boolean"},
                        "errors": {"type": "array", "items": {"type": "string"}},
                        "warnings": {"type": "array", "items": {"type": "string"}},
                        "field_errors": {
                            "type": "object",
                            "additionalProperties": {"type": "string"},
                        },
                        "steps": {"type": "array", "items": {"$ref": "#/components/schemas/Etape"}},
                        "criteria": {"type": "array", "items": {"type": "object"}},
                        "echeancier": {"type": "array", "items": {"type": "object"}},
                        "programme": {"type": "object"},
                    },
                },
            }
        },
    }
