"""Every-status objects of the instruction: the home's proxy (one checklist line)."""

from aides import services
from aides.models import Instruction
from aides.tests import factories as f
from aides.tests import factories_instruction as fi


def make_instruction_home(_status=None) -> Instruction:
    staff = fi.instructor()
    dossier = fi.take(f.deposited(f.member()), staff)
    services.checklist_save(dossier=dossier, actor=staff, ticks={"demandeur": (True, "Vu")})
    return Instruction.objects.get(dossier=dossier, code="demandeur")


STATUS_OBJECTS = {Instruction: (None, make_instruction_home)}
