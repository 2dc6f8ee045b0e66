"""The directory: one entry per structure (or per person registering themselves) with its
public details; only what the member filled is published, and only once the CNM validated it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from annuaire import rules
from annuaire.choices import ActivityCode, Region
from annuaire.workflow import EntryStatus


class Entry(models.Model):
    class Kind(models.TextChoices):
        STRUCTURE = "structure", _("Structure")
        PERSONNE = "personne", _("Personne physique")

    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    structure = models.ForeignKey(
        "espace_pro.Structure",
        verbose_name=_("structure"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annuaire_entries",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="annuaire_entries",
    )
    name = models.CharField(_("nom public"), max_length=rules.NAME_MAX)
    name_search = models.CharField(max_length=rules.NAME_MAX, editable=False)
    region = models.CharField(_("région"), max_length=2, choices=Region.choices, blank=True)
    city = models.CharField(_("commune"), max_length=rules.CITY_MAX, blank=True)
    email = models.EmailField(_("e-mail public"), blank=True)
    phone = models.CharField(_("téléphone public"), max_length=20, blank=True)
    website = models.URLField(_("site internet"), blank=True)
    presentation = models.TextField(
        _("présentation"), max_length=rules.PRESENTATION_MAX, blank=True
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=EntryStatus.choices, default=EntryStatus.BROUILLON
    )
    # the CNM's last message to the member (correction asked, refusal reason)
    staff_comment = models.TextField(_("message du CNM"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inscrite par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription à l'annuaire")
        verbose_name_plural = _("inscriptions à l'annuaire")
        ordering = ["name_search", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="structure", structure__isnull=False, person__isnull=True)
                    | Q(kind="personne", person__isnull=False, structure__isnull=True)
                ),
                name="annuaire_entry_structure_xor_person",
            ),
            # one live entry per structure and per person; a refused one does not count
            models.UniqueConstraint(
                fields=["structure"],
                condition=Q(structure__isnull=False) & ~Q(status="refusee"),
                name="annuaire_one_entry_per_structure",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(person__isnull=False) & ~Q(status="refusee"),
                name="annuaire_one_entry_per_person",
            ),
        ]
        indexes = [
            # the public search: published entries in name order, by region
            models.Index(fields=["status", "name_search"], name="annuaire_status_name"),
            models.Index(fields=["status", "region", "name_search"], name="annuaire_status_region"),
            models.Index(fields=["status", "submitted_at"], name="annuaire_queue"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_search = rules.search_key(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_search"}
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == EntryStatus.PUBLIEE

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.PERSONNE


ACTIVITY_ORDER = {code: position for position, code in enumerate(ActivityCode.values)}


class EntryActivity(models.Model):
    """One activity of an entry, from the fixed list (``choices.ActivityCode``): a small table
    indexed on (code, entry) filters the same way on SQLite and PostgreSQL, and needs no seeded
    rows (nothing for a test flush to remove)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="activity_rows")
    code = models.CharField(_("activité"), max_length=40, choices=ActivityCode.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "code"], name="annuaire_activity_once"),
        ]
        indexes = [models.Index(fields=["code", "entry"], name="annuaire_activity_code")]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return self.get_code_display()
