"""Files leave the storage only once the transaction that dropped them has committed."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from cnm_portal.uploads import delete_file_on_commit


class StoredFile:
    """What a ``FieldFile`` offers the helper: a storage, a name, truthiness."""

    def __init__(self, name):
        self.storage = default_storage
        self.name = default_storage.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"))

    def __bool__(self):
        return bool(self.name)


@pytest.fixture
def stored(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return StoredFile("test/piece.pdf")


@pytest.mark.django_db
def test_a_rolled_back_transaction_keeps_the_file(stored, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                delete_file_on_commit(stored)
                raise RuntimeError("the service failed after dropping the row")
        except RuntimeError:
            pass
    assert callbacks == []
    assert default_storage.exists(stored.name)


@pytest.mark.django_db
def test_the_file_is_deleted_after_the_commit(stored, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        delete_file_on_commit(stored)
        assert default_storage.exists(stored.name)  # not yet: the row may still come back
    assert default_storage.exists(stored.name)
    for callback in callbacks:
        callback()
    assert not default_storage.exists(stored.name)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_file_goes_at_once(stored):
    delete_file_on_commit(stored)
    assert not default_storage.exists(stored.name)


def test_an_empty_file_field_is_ignored():
    class Empty:
        name = ""

        def __bool__(self):
            return False

    delete_file_on_commit(Empty())  # no storage call, no error
