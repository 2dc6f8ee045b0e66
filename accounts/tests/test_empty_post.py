"""Regression (fuzz suite, issue 13): an empty POST to the account deletion page came back as the
blank form, without any error (``request.POST or None`` leaves an empty POST unbound)."""

from django.urls import reverse

from accounts.models import User


def test_an_empty_post_to_delete_gets_the_errors_and_keeps_the_account(user_client, user):
    response = user_client.post(reverse("accounts:delete"), {})
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
