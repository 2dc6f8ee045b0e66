"""Every write of the espace professionnel, by subject (explicit re-exports: callers import
``espace_pro.services.X`` whatever the module)."""

from espace_pro.services.codes import LETTER_KIND as LETTER_KIND
from espace_pro.services.codes import VerifiedCode as VerifiedCode
from espace_pro.services.codes import activation_code_issue as activation_code_issue
from espace_pro.services.codes import activation_code_verify as activation_code_verify
from espace_pro.services.codes import activation_letter_request as activation_letter_request
from espace_pro.services.codes import document_code_digest as document_code_digest
from espace_pro.services.codes import membership_create_with_code as membership_create_with_code
from espace_pro.services.members import invitation_accept as invitation_accept
from espace_pro.services.members import invitation_create as invitation_create
from espace_pro.services.members import invitation_revoke as invitation_revoke
from espace_pro.services.members import membership_open as membership_open
from espace_pro.services.members import membership_revoke as membership_revoke
from espace_pro.services.requests import RequestData as RequestData
from espace_pro.services.requests import access_request_approve as access_request_approve
from espace_pro.services.requests import access_request_ask_document as access_request_ask_document
from espace_pro.services.requests import access_request_cancel as access_request_cancel
from espace_pro.services.requests import access_request_correct as access_request_correct
from espace_pro.services.requests import (
    access_request_expire_identity_documents as access_request_expire_identity_documents,
)
from espace_pro.services.requests import (
    access_request_refresh_registry as access_request_refresh_registry,
)
from espace_pro.services.requests import access_request_refuse as access_request_refuse
from espace_pro.services.requests import access_request_submit as access_request_submit
