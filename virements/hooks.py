"""Where later apps learn that what they asked to pay was paid (they register from ``ready()``;
this app knows nothing of them). Hooks are keyed by the model of the order's source object."""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

OrderHook = Callable[..., None]
_paid_hooks: dict[str, list[OrderHook]] = defaultdict(list)
_cancelled_hooks: dict[str, list[OrderHook]] = defaultdict(list)


def _key(model_label: str) -> str:
    app_label, _sep, model_name = model_label.partition(".")
    if not app_label or not model_name:
        raise ValueError(f"model label must be 'app_label.modelname', not {model_label!r}")
    return f"{app_label}.{model_name.lower()}"


def register_paid_hook(model_label: str, hook: OrderHook) -> None:
    """``hook(order=PaymentOrder, actor=)`` runs in ``payment_batch_mark_paid``'s transaction,
    once for each order whose source is of model ``model_label`` ("aides.versement"). An error
    it raises cancels the whole marking (nothing is recorded as paid)."""
    hooks = _paid_hooks[_key(model_label)]
    if hook not in hooks:
        hooks.append(hook)


def register_cancelled_hook(model_label: str, hook: OrderHook) -> None:
    """``hook(order=PaymentOrder, actor=, reason=)`` runs in ``payment_order_cancel``'s
    transaction when an order whose source is of model ``model_label`` is cancelled (for example
    by the accounting agent in the admin), so the source can be paid again another way."""
    hooks = _cancelled_hooks[_key(model_label)]
    if hook not in hooks:
        hooks.append(hook)


def run_paid_hooks(*, order: Any, actor: Any) -> None:
    for hook in _paid_hooks.get(order.source_label, ()):
        hook(order=order, actor=actor)


def run_cancelled_hooks(*, order: Any, actor: Any, reason: str) -> None:
    for hook in _cancelled_hooks.get(order.source_label, ()):
        hook(order=order, actor=actor, reason=reason)
