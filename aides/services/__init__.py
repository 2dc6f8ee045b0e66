"""Writes on aid dossiers (explicit re-exports) and the one computation of a real dossier."""

from aides.services.computation import (
    BudgetTotals as BudgetTotals,
)
from aides.services.computation import (
    already_granted as already_granted,
)
from aides.services.computation import (
    budget_categories as budget_categories,
)
from aides.services.computation import (
    budget_totals as budget_totals,
)
from aides.services.computation import (
    dossier_applicant as dossier_applicant,
)
from aides.services.computation import (
    dossier_computation as dossier_computation,
)
from aides.services.computation import (
    dossier_figures as dossier_figures,
)
from aides.services.dossiers import (
    STEP_NAMES as STEP_NAMES,
)
from aides.services.dossiers import (
    STEPS as STEPS,
)
from aides.services.dossiers import (
    budget_line_add as budget_line_add,
)
from aides.services.dossiers import (
    budget_line_remove as budget_line_remove,
)
from aides.services.dossiers import (
    document_add as document_add,
)
from aides.services.dossiers import (
    document_remove as document_remove,
)
from aides.services.dossiers import (
    dossier_create as dossier_create,
)
from aides.services.dossiers import (
    dossier_delete as dossier_delete,
)
from aides.services.dossiers import (
    dossier_deposit as dossier_deposit,
)
from aides.services.dossiers import (
    dossier_save_step as dossier_save_step,
)
from aides.services.dossiers import (
    other_aid_add as other_aid_add,
)
from aides.services.dossiers import (
    other_aid_remove as other_aid_remove,
)
from aides.services.commission import (  # noqa: E402
    avis_give as avis_give,
    conflict_declare as conflict_declare,
    retained_amount as retained_amount,
    session_apply_reduction as session_apply_reduction,
    session_open_review as session_open_review,
    session_record_pv as session_record_pv,
)
from aides.services.decision import (  # noqa: E402
    contestation_record as contestation_record,
    dossier_attribute as dossier_attribute,
    dossier_refuse as dossier_refuse,
    dossier_second_review as dossier_second_review,
    session_decide as session_decide,
)
from aides.services.paiement import (  # noqa: E402  (versements, suspension, RGA art. 5 and 7)
    dossier_cancel as dossier_cancel,
    dossier_settle as dossier_settle,
    dossier_suspend as dossier_suspend,
    dossier_suspension_lift as dossier_suspension_lift,
    versement_order as versement_order,
    versements_order_ready as versements_order_ready,
    versements_plan as versements_plan,
)
from aides.services.bilan import (  # noqa: E402  (bilan and RSE incentive, RGA art. 6 and 11)
    bilan_extension_decide as bilan_extension_decide,
    bilan_extension_request as bilan_extension_request,
    bilan_file as bilan_file,
    bilan_reject as bilan_reject,
    bilan_send_reminders as bilan_send_reminders,
    bilan_validate as bilan_validate,
    rse_claim_save as rse_claim_save,
    rse_reject as rse_reject,
    rse_validate as rse_validate,
)
from aides.services.remboursement import (  # noqa: E402  (reimbursements, RGA art. 6 and 7)
    remboursement_mark_default as remboursement_mark_default,
    remboursement_record_payment as remboursement_record_payment,
    remboursement_schedule as remboursement_schedule,
    remboursements_mark_defaults as remboursements_mark_defaults,
)
from aides.services.instruction import (  # noqa: E402  (instruction, RGA art. 3)
    checklist_approve_all as checklist_approve_all,
    checklist_save as checklist_save,
    dossier_declare_eligible as dossier_declare_eligible,
    dossier_declare_irrecevable as dossier_declare_irrecevable,
    dossier_lapse as dossier_lapse,
    dossier_request_missing_items as dossier_request_missing_items,
    dossier_take as dossier_take,
    dossiers_lapse as dossiers_lapse,
    dossiers_take as dossiers_take,
    missing_items_add_document as missing_items_add_document,
    missing_items_save_figures as missing_items_save_figures,
    missing_items_send as missing_items_send,
)
