"""allauth adapter: e-mails leave through the outbox, after commit."""

from allauth.account.adapter import DefaultAccountAdapter

from cnm_portal.emails import email_enqueue


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        email_enqueue(to=message.to, subject=message.subject, body=message.body, html=html)
