"""Exports of the instruction queues, written by the worker (outbox handler): CSV (``;``,
UTF-8 with BOM, decimal comma: what a French spreadsheet opens) or XLSX (openpyxl, write-only,
amounts as numbers). The export row counts its progress; the admin page polls it."""

from __future__ import annotations

import csv
import io
import tempfile
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aides.models_instruction import DossierExport
from aides.workflow_instruction import export_flow
from cnm_portal.outbox import outbox_enqueue, outbox_handler

EXPORT_KIND = "aides.dossier_export"
CHUNK = 1000

COLUMNS = (
    _("Numéro"),
    _("Structure"),
    _("Numéro CNM"),
    _("Forme juridique"),
    _("Programme"),
    _("Session"),
    _("Date de la commission"),
    _("Statut"),
    _("Déposé le"),
    _("Aide sollicitée"),
    _("Aide maximale calculée"),
    _("Montant proposé"),
    _("Montant attribué"),
    _("Instructeur"),
    _("Pièces demandées pour le"),
)


def export_request(*, actor, format: str, params: dict[str, Any]) -> DossierExport:
    """Record an export of the queue filtered by ``params``; the worker writes it."""
    if format not in DossierExport.Format.values:
        raise ValueError(format)
    with transaction.atomic():
        export = DossierExport.objects.create(requested_by=actor, format=format, params=params)
        export_flow.start(export, actor=actor)
        outbox_enqueue(EXPORT_KIND, {"export_id": export.pk})
    return export


def _rows(queryset):
    for dossier in queryset.iterator(chunk_size=CHUNK):
        structure = dossier.structure
        yield [
            dossier.number,
            structure.name,
            structure.numero_cnm or "",
            structure.get_legal_form_display(),
            dossier.programme,
            dossier.session.label,
            dossier.session.commission_date,
            dossier.get_status_display(),
            timezone.localtime(dossier.deposited_at).replace(tzinfo=None)
            if dossier.deposited_at
            else None,
            dossier.montant_sollicite,
            dossier.montant_maximum,
            dossier.montant_propose,
            dossier.montant_attribue,
            dossier.instructor.get_full_name() if dossier.instructor else "",
            dossier.missing_items_deadline,
        ]


def _csv_cell(value) -> str:
    from datetime import date, datetime
    from decimal import Decimal

    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _progress(export: DossierExport, done: int) -> None:
    DossierExport.objects.filter(pk=export.pk).update(done=done)


@outbox_handler(EXPORT_KIND)
def write_export(payload: dict[str, Any]) -> None:
    """Idempotent: an export already finished or failed is left as it is."""
    from aides.selectors_instruction import queue

    export = DossierExport.objects.select_related("requested_by").get(pk=payload["export_id"])
    if export.status != DossierExport.Status.EN_ATTENTE:
        return
    queryset = (
        queue(export.params, user=export.requested_by)
        .select_related("structure", "session", "instructor")
        .order_by("pk")
    )
    total = queryset.count()
    export = export_flow.apply(export, "en_cours", actor=None, updates={"total": total})
    try:
        with tempfile.TemporaryFile() as handle:
            done = 0
            if export.format == DossierExport.Format.CSV:
                text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
                writer = csv.writer(text, delimiter=";")
                writer.writerow([str(c) for c in COLUMNS])
                for row in _rows(queryset):
                    writer.writerow([_csv_cell(v) for v in row])
                    done += 1
                    if done % CHUNK == 0:
                        _progress(export, done)
                text.flush()
                text.detach()
            else:
                from openpyxl import Workbook

                book = Workbook(write_only=True)
                sheet = book.create_sheet(_("Dossiers"))
                sheet.append([str(c) for c in COLUMNS])
                for row in _rows(queryset):
                    sheet.append(row)
                    done += 1
                    if done % CHUNK == 0:
                        _progress(export, done)
                book.save(handle)
            handle.seek(0)
            name = f"dossiers-{timezone.localdate():%Y%m%d}-{export.pk}.{export.format}"
            export.file.save(name, File(handle), save=False)
        export_flow.apply(
            export,
            "termine",
            actor=None,
            updates={"file": export.file.name, "done": done, "finished_at": timezone.now()},
        )
    except Exception as error:  # the page says it failed instead of spinning forever
        export_flow.apply(
            export,
            "echec",
            actor=None,
            updates={"error": str(error)[:2000], "finished_at": timezone.now()},
        )
        raise
