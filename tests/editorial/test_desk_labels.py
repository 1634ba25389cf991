"""
The desk names things as a newsroom does: source documents and event citations are not
confused, and sagas and events read by title and headline (never their slugs) in
breadcrumbs, menus, autocomplete, messages and history, in the interface's language.
"""

import re

import pytest
from django.urls import reverse

from events.models import Event
from tests.admin_forms import form_data
from tests.editorial.conftest import client_for
from tests.editorial.test_roles import change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def ja_editor(desk):
    client = client_for(desk["editor"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    return client


def breadcrumbs(page: str) -> str:
    return re.search(r'<div class="breadcrumbs">(.*?)</div>', page, re.S).group(1)


def test_sidebar_and_home_name_source_documents_and_event_citations_apart(ja_editor, story):
    home = ja_editor.get(reverse("admin:index")).content.decode()

    assert "情報源（記事・文書）" in home and "出来事での引用" in home
    # Neither bare word, which a Japanese desk reads as the same thing.
    assert ">出典<" not in home and ">情報源<" not in home


def test_the_event_form_heads_its_citations_and_explains_them(ja_editor, story):
    page = ja_editor.get(change_url(story)).content.decode()

    assert re.search(r'class="inline-heading">\s*出来事での引用\s*</h2>', page)
    assert "記事・投稿・文書そのもの" in page  # the source field's help: which is which
    assert "引用文" in page


@pytest.mark.parametrize(
    ("url_name", "says"),
    [
        ("admin:sources_source_changelist", "「情報源（記事・文書）」は記事・投稿・文書そのもの"),
        ("admin:events_citation_changelist", "「出来事での引用」は、ひとつの出来事が"),
    ],
)
def test_each_list_says_what_its_objects_are(ja_editor, story, url_name, says):
    assert says in ja_editor.get(reverse(url_name)).content.decode()


def test_the_event_form_names_saga_event_and_chapter_by_their_texts(ja_editor, story):
    page = ja_editor.get(change_url(story)).content.decode()

    assert "取締役会がアルトマン氏を解任" in breadcrumbs(page)
    assert "altman-fired" not in breadcrumbs(page)
    saga_menu = re.search(r'<select name="saga".*?</select>', page, re.S).group(0)
    assert ">OpenAI 経営陣の5日間</option>" in saga_menu
    chapter_menu = re.search(r'<select name="chapter".*?</select>', page, re.S).group(0)
    assert ">OpenAI 経営陣の5日間 / 金曜日：解任</option>" in chapter_menu
    assert "openai-2023" not in saga_menu + chapter_menu


def test_the_english_interface_names_them_in_english(clients, story):
    page = clients["editor"].get(change_url(story)).content.decode()

    assert "The board fires Sam Altman" in breadcrumbs(page)
    assert ">OpenAI&#x27;s five days</option>" in page


def test_event_autocomplete_reads_saga_title_and_headline(ja_editor, story):
    response = ja_editor.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "citation", "field_name": "event", "term": ""},
    )

    texts = [result["text"] for result in response.json()["results"]]
    assert texts == ["OpenAI 経営陣の5日間 / 取締役会がアルトマン氏を解任"]


def test_history_and_messages_name_the_event_by_its_headline(ja_editor, story):
    data = form_data(ja_editor, change_url(story))
    saved = ja_editor.post(change_url(story), data, follow=True).content.decode()
    assert "取締役会がアルトマン氏を解任" in re.search(
        r'<ul class="messagelist">(.*?)</ul>', saved, re.S
    ).group(1)

    history = ja_editor.get(reverse("admin:events_event_history", args=[story.pk]))
    crumbs = breadcrumbs(history.content.decode())
    assert "取締役会がアルトマン氏を解任" in crumbs and "altman-fired" not in crumbs


def test_deleting_names_the_event_by_its_headline(ja_editor, story):
    url = reverse("admin:events_event_delete", args=[story.pk])

    page = ja_editor.post(url, {"post": "yes"}, follow=True).content.decode()

    assert not Event.objects.filter(pk=story.pk).exists()
    message = re.search(r'<ul class="messagelist">(.*?)</ul>', page, re.S).group(1)
    assert "取締役会がアルトマン氏を解任" in message and "altman-fired" not in message


def test_the_chapter_list_names_each_saga_by_its_title(ja_editor, story):
    page = ja_editor.get(reverse("admin:events_chapter_changelist")).content.decode()

    assert "OpenAI 経営陣の5日間" in page
    assert '<td class="field-saga_title">openai-2023' not in page
