import pytest

from tests.site.data import build_saga


@pytest.fixture
def story(db):
    return build_saga()


@pytest.fixture
def staff_client(client, editor):
    client.force_login(editor)
    return client
