"""WorkflowAdminMixin refuses, when the class is defined, a button for a move not in the table."""

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured, ValidationError

from cnm_portal.admin import WorkflowAction, WorkflowAdminMixin
from cnm_portal.forms import add_service_errors
from cnm_portal.workflow import Workflow

flow = Workflow(name="t", initial="a", transitions={"a": {"b"}, "b": {"c"}})
noop = WorkflowAction(label="x", handle=lambda request, obj, data: None)


def test_statuses_and_allowed_moves_of_a_table():
    assert flow.statuses == {"a", "b", "c"}
    assert flow.allows("a", "b") and not flow.allows("a", "c") and not flow.allows("c", "a")


def test_action_on_a_target_the_table_never_reaches_is_refused():
    with pytest.raises(ImproperlyConfigured, match="no move of t leads to 'a'"):

        class BadAdmin(WorkflowAdminMixin, admin.ModelAdmin):
            workflow = flow
            workflow_actions = {"a": noop}


def test_action_on_a_pair_not_in_the_table_is_refused():
    with pytest.raises(ImproperlyConfigured, match="a → c is not in the table"):

        class BadAdmin(WorkflowAdminMixin, admin.ModelAdmin):
            workflow = flow
            workflow_actions = {("a", "c"): noop}


def test_object_action_needs_known_statuses():
    with pytest.raises(ImproperlyConfigured, match="unknown"):

        class BadAdmin(WorkflowAdminMixin, admin.ModelAdmin):
            workflow = flow
            object_actions = {"pay": WorkflowAction(label="p", handle=noop.handle, statuses={"z"})}


def test_lookup_prefers_the_pair_and_follows_the_table():
    special = WorkflowAction(label="special", handle=noop.handle)

    class GoodAdmin(WorkflowAdminMixin, admin.ModelAdmin):
        workflow = flow
        workflow_actions = {"b": noop, ("b", "c"): special}

    model_admin = GoodAdmin.__new__(GoodAdmin)
    assert model_admin.workflow_action_for("a", "b") is noop
    assert model_admin.workflow_action_for("b", "c") is special
    assert model_admin.workflow_action_for("c", "b") is None  # no such move: no button, 404


class AmountForm(forms.Form):
    amount = forms.DecimalField()


@pytest.mark.parametrize(
    ("error", "field_errors", "form_errors"),
    [
        (ValidationError({"amount": "négatif"}), ["négatif"], []),
        (ValidationError({"other": "ailleurs"}), [], ["ailleurs"]),
        (ValidationError(["un", "deux"]), [], ["un", "deux"]),
    ],
)
def test_service_errors_go_next_to_their_field(error, field_errors, form_errors):
    form = AmountForm({"amount": "1"})
    assert form.is_valid()
    add_service_errors(form, error)
    assert form.errors.get("amount", []) == field_errors
    assert form.non_field_errors() == form_errors
    assert not form.is_valid()
