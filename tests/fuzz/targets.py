"""Form endpoints discovered from the pages themselves.

A page is fetched (as the user who may use it); every ``<form method="post">`` of its HTML is a
target: its action URL, its fields (names, input types, ``required``, ``maxlength``, options)
refined by the Django form fields found in the response context (a ``DateField`` rendered as a text
input is still a date), its hidden values and the name/value of each submit button. Nothing here
lists forms by hand, so a new form is fuzzed as soon as its page exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django import forms


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, number, date, email, select, checkbox, file, hidden
    required: bool = False
    maxlength: int | None = None
    options: list[str] = field(default_factory=list)
    initial: str | None = None


@dataclass
class Target:
    url: str
    fields: dict[str, Field]
    buttons: list[tuple[str, str]]  # (name, value) of the named submit buttons
    label: str = ""
    method: str = "post"  # a GET form (search, filters, simulator) is fuzzed through the query

    def base(self) -> dict:
        """What the page would post untouched (hidden values, preselected options)."""
        data = {}
        for f in self.fields.values():
            if f.initial is not None:
                data[f.name] = f.initial
        return data


INPUT_KINDS = {
    "number": "number",
    "date": "date",
    "datetime-local": "date",
    "email": "email",
    "file": "file",
    "checkbox": "checkbox",
    "radio": "select",
    "hidden": "hidden",
}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._current: dict | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._current = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": {},
                "buttons": [],
            }
            self.forms.append(self._current)
            return
        form = self._current
        if form is None:
            return
        name = a.get("name")
        if tag == "button" or (tag == "input" and a.get("type") in ("submit", "image")):
            if name:
                form["buttons"].append((name, a.get("value") or ""))
            return
        if not name or name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = INPUT_KINDS.get((a.get("type") or "text").lower(), "text")
            existing = form["fields"].get(name)
            if kind == "select" and existing is not None:  # radio buttons: one field
                existing.options.append(a.get("value") or "")
                return
            initial = a.get("value")
            if kind == "checkbox":
                initial = (a.get("value") or "on") if "checked" in a else None
            form["fields"][name] = Field(
                name,
                kind,
                required="required" in a,
                maxlength=int(a["maxlength"]) if (a.get("maxlength") or "").isdigit() else None,
                options=[a.get("value") or ""] if kind == "select" else [],
                initial=initial if kind not in ("file",) else None,
            )
        elif tag == "textarea":
            form["fields"][name] = Field(
                name,
                "textarea",
                required="required" in a,
                maxlength=int(a["maxlength"]) if (a.get("maxlength") or "").isdigit() else None,
            )
        elif tag == "select":
            self._select = Field(name, "select", required="required" in a)
            form["fields"][name] = self._select
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                self._select.initial = value

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select":
            self._select = None


def _context_fields(response) -> dict[str, forms.Field]:
    """Bound names → Django form fields of every form in the response context."""
    found: dict[str, forms.Field] = {}
    context = getattr(response, "context", None)
    if context is None:
        return found
    values = []
    for layer in context:
        values.extend(layer.values() if hasattr(layer, "values") else [])
    seen = set()
    stack = list(values)
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, forms.BaseForm):
            for name, form_field in item.fields.items():
                found[item.add_prefix(name)] = form_field
        elif isinstance(item, forms.BaseFormSet):
            stack.extend(item.forms)
            stack.append(item.management_form)
        elif isinstance(item, list | tuple) and len(item) < 50:
            stack.extend(item)
    return found


def _refine(f: Field, form_field: forms.Field | None) -> None:
    if form_field is None:
        return
    f.required = f.required or (form_field.required and f.kind != "hidden")
    if isinstance(form_field, forms.DateField | forms.DateTimeField):
        f.kind = "date"
    elif isinstance(form_field, forms.DecimalField | forms.IntegerField | forms.FloatField):
        f.kind = "number" if f.kind != "hidden" else "hidden"
    elif isinstance(form_field, forms.EmailField):
        f.kind = "email"
    if getattr(form_field, "max_length", None) and not f.maxlength:
        f.maxlength = form_field.max_length


def discover(response, page_url: str) -> list[Target]:
    """The forms of a rendered page (HTML), typed with the context's Django fields; GET forms
    only when they have fields."""
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = _FormParser()
    parser.feed(response.content.decode("utf-8", "replace"))
    typed = _context_fields(response)
    targets = []
    for form in parser.forms:
        fields = form["fields"]
        for name, f in fields.items():
            _refine(f, typed.get(name))
        if form["method"] != "post" and not fields:
            continue
        action = form["action"] or page_url
        if action.startswith(("http://", "https://", "//")):
            continue
        if not action.startswith("/"):
            action = page_url.rsplit("/", 1)[0] + "/" + action
        targets.append(
            Target(
                url=action,
                fields=fields,
                buttons=form["buttons"],
                method="post" if form["method"] == "post" else "get",
            )
        )
    return targets
