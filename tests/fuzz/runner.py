"""Send generated bad submissions to one discovered form and check each answer.

Each example starts from what the page would post (hidden values, preselected options), replaces
a random set of fields with bad values (:mod:`tests.fuzz.strategies`), and always adds one poison
(a value certainly invalid for one field, or the CSRF token left out), so no example is a valid
submission. The answer must be a 4xx, or the page again (200) with an error message and no
English default text, or a redirect carrying an error message; never a 500 (the test client
re-raises the view's exception, traceback included). The database fingerprint (row counts of
every table, checksum of the touched ones) must not change. Each example runs in a savepoint
rolled back afterwards, so examples are independent.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import dbstate
from tests.fuzz.strategies import bad_file, poisons, value
from tests.fuzz.targets import Target

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 200))

ERROR_MARKERS = (
    "fr-error-text",
    "fr-input-group--error",
    "fr-alert--error",
    "errorlist",
    "errornote",
    "fr-message--error",
    "fr-alert--warning",  # the CSV import's report: « N ligne(s) en erreur : rien n'a été importé »
)
ENGLISH = re.compile(
    r"This field is required|Enter a valid|Ensure this value|Select a valid choice|"
    r"The submitted file|No file was submitted|Upload a valid|Please correct|is not a valid",
)


def _upload(spec) -> SimpleUploadedFile:
    name, content, content_type = spec
    return SimpleUploadedFile(name, content, content_type=content_type)


def _has_error_message(response) -> bool:
    request = getattr(response, "wsgi_request", None)
    stored = getattr(request, "_messages", None)
    queued = getattr(stored, "_queued_messages", []) if stored is not None else []
    return any(m.level >= messages.WARNING for m in queued)


def check_answer(response, where: str) -> None:
    status = response.status_code
    assert status < 500, f"{where}: HTTP {status}"
    if 400 <= status < 500:
        return
    if status in (301, 302, 303):
        assert _has_error_message(response), (
            f"{where}: bad input accepted (redirect to {response.get('Location')})"
        )
        return
    assert status == 200, f"{where}: HTTP {status}"
    body = response.content.decode("utf-8", "replace")
    assert any(marker in body for marker in ERROR_MARKERS) or _has_error_message(response), (
        f"{where}: the page came back without an error message"
    )
    english = ENGLISH.search(body)
    assert english is None, f"{where}: message not in French: {english.group(0)!r}"


def fuzz(target: Target, *, client, csrf_client, tables: list[str], tally) -> int:
    """Run the examples against ``target``; returns how many were sent."""
    poison_list = [(name, p) for name, f in target.fields.items() for p in poisons(f)]
    names = sorted(target.fields)
    if target.method == "get":
        modes = ["get"]
    else:
        modes = ["poison"] * 9 + ["csrf"] if poison_list else ["csrf"]
    before = dbstate.fingerprint(tables)
    exempt = getattr(resolve(urlsplit(target.url).path).func, "csrf_exempt", False)
    sent = 0

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(data=st.data())
    def example(data):
        nonlocal sent
        mode = data.draw(st.sampled_from(modes), label="mode")
        post = target.base()
        for name in data.draw(st.sets(st.sampled_from(names)) if names else st.just(set())):
            field = target.fields[name]
            post[name] = _upload(data.draw(bad_file)) if field.kind == "file" else data.draw(value)
        if target.buttons:
            button, button_value = data.draw(st.sampled_from(target.buttons), label="button")
            post[button] = button_value
        if mode == "poison" or (mode == "get" and poison_list):
            name, poison = data.draw(st.sampled_from(poison_list), label="poison")
            if poison is None:
                post.pop(name, None)
            else:
                post[name] = _upload(poison) if isinstance(poison, tuple) else poison
        http = csrf_client if mode == "csrf" else client
        with transaction.atomic():
            if mode == "get":
                query = {k: v for k, v in post.items() if not hasattr(v, "read")}
                response = http.get(target.url, query)
            else:
                response = http.post(target.url, post)
            after = dbstate.fingerprint(tables)
            transaction.set_rollback(True)
        sent += 1
        where = f"{target.method.upper()} {target.url} ({mode}) fields={sorted(post)}"
        if mode == "get":  # a search or filter may ignore a bad value; never a 500
            assert response.status_code < 500, f"{where}: HTTP {response.status_code}"
            english = ENGLISH.search(response.content.decode("utf-8", "replace"))
            assert english is None, f"{where}: message not in French: {english.group(0)!r}"
        elif mode == "csrf" and not exempt:
            assert response.status_code == 403, (
                f"{where}: without CSRF token HTTP {response.status_code}"
            )
        else:  # a CSRF-exempt JSON API answers the bad body itself
            check_answer(response, where)
        assert before == after, f"{where}: the database changed: {dbstate.diff(before, after)}"

    example()
    tally(sent)
    return sent


def fuzz_all(targets, **kwargs) -> None:
    """Fuzz every target of a page, then fail with all the findings (one failing form does not
    hide the others of the same page)."""
    import traceback

    findings = []
    for target in targets:
        try:
            fuzz(target, **kwargs)
        except Exception as error:  # a view's exception is a finding too (the 500 case)
            lines = traceback.format_exception(error)
            findings.append(f"{target.method.upper()} {target.url}:\n" + "".join(lines[-12:]))
    if findings:
        raise AssertionError("\n\n".join(findings))
