import pytest


@pytest.fixture
def staff_client(client, editor):
    client.force_login(editor)
    return client
