"""Where later apps react to the tax (they register from ``ready()``; the tax app knows nothing
of them). The compte-entrepreneur credits 65 % of each payment applied to a notice (RGA art. 45)."""

from collections.abc import Callable
from typing import Any

PaymentHook = Callable[..., None]
_payment_hooks: list[PaymentHook] = []


def register_payment_hook(hook: PaymentHook) -> None:
    """``hook(payment=, notice=, actor=)`` runs in the transaction that applies ``payment`` to
    ``notice`` (a direct payment, a bank-statement line or a payment taken out of the suspense
    list). It must be idempotent per payment: write an outbox message keyed by the payment."""
    if hook not in _payment_hooks:
        _payment_hooks.append(hook)


def run_payment_hooks(**kwargs: Any) -> None:
    for hook in _payment_hooks:
        hook(**kwargs)
