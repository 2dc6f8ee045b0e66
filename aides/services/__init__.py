"""Writes on aid dossiers (explicit re-exports) and the one computation of a real dossier."""

from aides.services.bilan import (
    bilan_extension_decide as bilan_extension_decide,
)
from aides.services.bilan import (
    bilan_extension_request as bilan_extension_request,
)
from aides.services.bilan import (
    bilan_file as bilan_file,
)
from aides.services.bilan import (
    bilan_reject as bilan_reject,
)
from aides.services.bilan import (
    bilan_send_reminders as bilan_send_reminders,
)
from aides.services.bilan import (
    bilan_validate as bilan_validate,
)
from aides.services.bilan import (
    rse_claim_save as rse_claim_save,
)
from aides.services.bilan import (
    rse_reject as rse_reject,
)
from aides.services.bilan import (
    rse_validate as rse_validate,
)
from aides.services.commission import (
    avis_give as avis_give,
)
from aides.services.commission import (
    conflict_declare as conflict_declare,
)
from aides.services.commission import (
    retained_amount as retained_amount,
)
from aides.services.commission import (
    session_apply_reduction as session_apply_reduction,
)
from aides.services.commission import (
    session_open_review as session_open_review,
)
from aides.services.commission import (
    session_record_pv as session_record_pv,
)
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
from aides.services.decision import (
    contestation_record as contestation_record,
)
from aides.services.decision import (
    dossier_attribute as dossier_attribute,
)
from aides.services.decision import (
    dossier_refuse as dossier_refuse,
)
from aides.services.decision import (
    dossier_second_review as dossier_second_review,
)
from aides.services.decision import (
    session_decide as session_decide,
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
from aides.services.instruction import (
    checklist_approve_all as checklist_approve_all,
)
from aides.services.instruction import (
    checklist_save as checklist_save,
)
from aides.services.instruction import (
    dossier_declare_eligible as dossier_declare_eligible,
)
from aides.services.instruction import (
    dossier_declare_irrecevable as dossier_declare_irrecevable,
)
from aides.services.instruction import (
    dossier_lapse as dossier_lapse,
)
from aides.services.instruction import (
    dossier_request_missing_items as dossier_request_missing_items,
)
from aides.services.instruction import (
    dossier_take as dossier_take,
)
from aides.services.instruction import (
    dossiers_lapse as dossiers_lapse,
)
from aides.services.instruction import (
    dossiers_take as dossiers_take,
)
from aides.services.instruction import (
    missing_items_add_document as missing_items_add_document,
)
from aides.services.instruction import (
    missing_items_save_figures as missing_items_save_figures,
)
from aides.services.instruction import (
    missing_items_send as missing_items_send,
)
from aides.services.paiement import (
    dossier_cancel as dossier_cancel,
)
from aides.services.paiement import (
    dossier_settle as dossier_settle,
)
from aides.services.paiement import (
    dossier_suspend as dossier_suspend,
)
from aides.services.paiement import (
    dossier_suspension_lift as dossier_suspension_lift,
)
from aides.services.paiement import (
    versement_order as versement_order,
)
from aides.services.paiement import (
    versements_order_ready as versements_order_ready,
)
from aides.services.paiement import (
    versements_plan as versements_plan,
)
from aides.services.remboursement import (
    remboursement_mark_default as remboursement_mark_default,
)
from aides.services.remboursement import (
    remboursement_record_payment as remboursement_record_payment,
)
from aides.services.remboursement import (
    remboursement_schedule as remboursement_schedule,
)
from aides.services.remboursement import (
    remboursements_mark_defaults as remboursements_mark_defaults,
)
