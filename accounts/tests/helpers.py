import re

from django.core import mail

LINK_RE = re.compile(r"https?://[^\s]+")


def links_in_last_email(to: str) -> list[str]:
    messages = [m for m in mail.outbox if to in m.to]
    assert messages, f"no e-mail sent to {to}"
    return LINK_RE.findall(messages[-1].body)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)
