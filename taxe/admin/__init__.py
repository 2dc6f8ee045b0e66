"""Tax service and accounting screens, by section (each module registers its admins)."""

from taxe.admin import control, declarations, notices  # noqa: F401 (registration)
