"""An e-mail backend that appends one JSON line per message to FAULTS_MAIL_FILE.

Lines are written with O_APPEND in one ``write`` each, so concurrent workers never interleave.
"""

import json
import os

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from tests.faults.hooks import _pause


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        fd = os.open(settings.FAULTS_MAIL_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            for message in email_messages:
                _pause("email")
                line = {
                    "message_id": message.extra_headers.get("Message-ID", ""),
                    "to": list(message.to),
                    "subject": message.subject,
                    "attachments": [a[0] for a in message.attachments if isinstance(a, tuple)],
                }
                os.write(fd, (json.dumps(line, ensure_ascii=False) + "\n").encode())
        finally:
            os.close(fd)
        return len(email_messages)
