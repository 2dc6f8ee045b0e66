"""Every write of the compte-entrepreneur (re-exported: ``from compte_entrepreneur.services
import drawing_validate``)."""

from compte_entrepreneur.services.drawings import (
    PAYMENT_SOURCE as PAYMENT_SOURCE,
)
from compte_entrepreneur.services.drawings import (
    drawing_ask_regularisation as drawing_ask_regularisation,
)
from compte_entrepreneur.services.drawings import (
    drawing_cancel_payment as drawing_cancel_payment,
)
from compte_entrepreneur.services.drawings import drawing_mark_paid as drawing_mark_paid
from compte_entrepreneur.services.drawings import drawing_refuse as drawing_refuse
from compte_entrepreneur.services.drawings import drawing_regularise as drawing_regularise
from compte_entrepreneur.services.drawings import drawing_request as drawing_request
from compte_entrepreneur.services.drawings import drawing_validate as drawing_validate
from compte_entrepreneur.services.drawings import (
    on_payment_order_cancelled as on_payment_order_cancelled,
)
from compte_entrepreneur.services.drawings import on_payment_order_paid as on_payment_order_paid
from compte_entrepreneur.services.ledger import GENERATION_NOTICE_KIND as GENERATION_NOTICE_KIND
from compte_entrepreneur.services.ledger import LedgerError as LedgerError
from compte_entrepreneur.services.ledger import compte_open as compte_open
from compte_entrepreneur.services.ledger import credit_tax_payment as credit_tax_payment
from compte_entrepreneur.services.ledger import generations_expire as generations_expire
from compte_entrepreneur.services.notifications import (
    expiry_warnings_send as expiry_warnings_send,
)
from compte_entrepreneur.services.transfers import location_gerance_end as location_gerance_end
from compte_entrepreneur.services.transfers import (
    location_gerance_record as location_gerance_record,
)
from compte_entrepreneur.services.transfers import transfer_cancel as transfer_cancel
from compte_entrepreneur.services.transfers import transfer_execute as transfer_execute
from compte_entrepreneur.services.transfers import transfer_record as transfer_record
from compte_entrepreneur.services.transfers import (
    transfers_due_execute as transfers_due_execute,
)


def daily_run(*, on=None) -> dict[str, int]:
    """The daily job: planned transfers, cancellation of expired rights, warnings."""
    return {
        "transfers": transfers_due_execute(on=on),
        "expired": generations_expire(on=on),
        "warned": expiry_warnings_send(on=on),
    }
