"""
No lost edits: a save made after someone else's is refused, naming them, with the editor's
input kept and the other change shown; nothing anyone did not change is ever overwritten.
Runs on SQLite and on PostgreSQL (DATABASE_URL); the two-threads race needs PostgreSQL.
"""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client

from editorial import admin as editorial_admin
from events.models import Event, EventTranslation
from tests.admin_forms import form_data, form_data_in
from tests.editorial.conftest import client_for
from tests.editorial.test_roles import change_url, row_prefix, snapshot

pytestmark = pytest.mark.django_db


def test_a_save_after_someone_elses_is_refused_with_input_kept_and_their_change_shown(
    clients, story
):
    eda = form_data(clients["editor"], change_url(story))
    ben = form_data(clients["other_editor"], change_url(story))
    ben["start_at_1"] = "12:23:00"
    assert clients["other_editor"].post(change_url(story), ben).status_code == 302
    after_ben = snapshot(story)
    eda[f"{row_prefix(eda, 'ja')}-headline"] = "取締役会、アルトマン氏を電撃解任"

    response = clients["editor"].post(change_url(story), eda)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ben Ito saved a change at" in page
    assert "Someone else saved this while you were editing" in page
    assert 'value="取締役会、アルトマン氏を電撃解任"' in page  # her input is still there
    their_change = page.split('class="editorial-conflict"')[1].split("</section>")[0]
    assert "12:23" in their_change
    assert "Slug" not in their_change  # only what he changed
    assert snapshot(story) == after_ben  # nothing of hers was saved

    # Saving again keeps her change and does not undo his: she never changed the time.
    assert clients["editor"].post(change_url(story), form_data_in(page)).status_code == 302
    event = Event.objects.get(pk=story.pk)
    assert event.translation("ja").headline == "取締役会、アルトマン氏を電撃解任"
    assert event.start_at == dt.datetime(2023, 11, 17, 20, 23, tzinfo=dt.UTC)


def test_a_text_changed_by_a_translator_meanwhile_is_not_overwritten(clients, desk, story):
    eda = form_data(clients["editor"], change_url(story))
    tom = form_data(clients["translator"], change_url(story))
    tom[f"{row_prefix(tom, 'en')}-headline"] = "Board ousts Altman"
    assert clients["translator"].post(change_url(story), tom).status_code == 302
    eda[f"{row_prefix(eda, 'en')}-headline"] = "Altman fired by the board"

    response = clients["editor"].post(change_url(story), eda)

    assert response.status_code == 200
    assert "Tom Hart saved a change at" in response.content.decode()
    row = EventTranslation.objects.get(event=story, language_code="en")
    assert (row.headline, row.updated_by) == ("Board ousts Altman", desk["translator"])


def test_rows_the_editor_did_not_touch_keep_what_others_saved_meanwhile(clients, story):
    eda = form_data(clients["editor"], change_url(story))
    tom = form_data(clients["translator"], change_url(story))
    tom[f"{row_prefix(tom, 'en')}-headline"] = "Board ousts Altman"
    assert clients["translator"].post(change_url(story), tom).status_code == 302
    eda[f"{row_prefix(eda, 'ja')}-summary"] = "取締役会が金曜日に発表した。"

    response = clients["editor"].post(change_url(story), eda)

    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(pk=story.pk)
    assert event.translation("en").headline == "Board ousts Altman"
    assert event.translation("ja").summary == "取締役会が金曜日に発表した。"


def test_a_save_losing_the_race_after_validation_is_refused_and_rolled_back(
    clients, desk, story, monkeypatch
):
    """The other save lands between this one's check and its write (the version claim)."""
    real_claim = editorial_admin.claim_version

    def claim_after_someone_else(obj, *, expected_version, user=None):
        rival = type(obj).objects.get(pk=obj.pk)
        real_claim(rival, expected_version=expected_version, user=desk["other_editor"])
        return real_claim(obj, expected_version=expected_version, user=user)

    monkeypatch.setattr(editorial_admin, "claim_version", claim_after_someone_else)
    before = snapshot(story)
    data = form_data(clients["editor"], change_url(story))
    data["slug"] = "raced"

    response = clients["editor"].post(change_url(story), data)

    assert response.status_code == 200
    assert "Ben Ito saved a change at" in response.content.decode()
    assert 'value="raced"' in response.content.decode()
    assert snapshot(story) == before


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two concurrent transactions on one row need a server database (PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_saves_from_the_same_version_exactly_one_wins(
    newsroom_roles, desk, story, monkeypatch
):
    both_validated = threading.Barrier(2, timeout=20)
    real_claim = editorial_admin.EditorialAdmin._claim_owner_version

    def claim_when_both_validated(self, request, obj, form, change):
        both_validated.wait()  # both forms passed their checks against the same version
        return real_claim(self, request, obj, form, change)

    monkeypatch.setattr(
        editorial_admin.EditorialAdmin, "_claim_owner_version", claim_when_both_validated
    )
    forms = {
        role: form_data(client_for(desk[role]), change_url(story))
        for role in ("editor", "other_editor")
    }
    forms["editor"]["slug"] = "eda-wins"
    forms["other_editor"]["slug"] = "ben-wins"
    results = {}

    def save(role):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(desk[role])
        try:
            response = client.post(change_url(story), forms[role])
            results[role] = (response.status_code, response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(role,)) for role in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _page in results.values())
    assert statuses == [200, 302]
    loser = next(role for role, (status, _page) in results.items() if status == 200)
    winner = "editor" if loser == "other_editor" else "other_editor"
    assert "saved a change at" in results[loser][1]
    event = Event.objects.get(pk=story.pk)
    assert event.slug == forms[winner]["slug"]
    assert event.version == story.version + 1


def test_the_conflict_is_said_once_not_also_as_a_form_error(clients, story):
    eda = form_data(clients["editor"], change_url(story))
    ben = form_data(clients["other_editor"], change_url(story))
    ben["start_at_1"] = "12:23:00"
    assert clients["other_editor"].post(change_url(story), ben).status_code == 302
    eda[f"{row_prefix(eda, 'ja')}-headline"] = "取締役会、アルトマン氏を電撃解任"

    page = clients["editor"].post(change_url(story), eda).content.decode()

    assert page.count("saved a change at") == 1
    assert "Please correct the error below" not in page
    their_change = page.split('class="editorial-conflict"')[1].split("</section>")[0]
    assert "Save again to keep your version" in their_change
