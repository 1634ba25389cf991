"""Uploading, replacing and deleting images in /admin/, with errors that keep the input."""

import pytest
from django.urls import reverse

from images.models import Image
from tests.images.pictures import jpeg_upload, png_declaring, truncated_jpeg, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("each_media_storage")]


def add_data(file, languages=("en",), **fields):
    data = {
        "file": file,
        "credit": "Jane Doe / Newsroom",
        "licence": "CC BY 4.0",
        "original_language": "en",
        "translations-TOTAL_FORMS": str(len(languages)),
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for number, language in enumerate(languages):
        data.update(
            {
                f"translations-{number}-language_code": language,
                f"translations-{number}-alt_text": f"Alt text in {language}",
                f"translations-{number}-caption": "",
                f"translations-{number}-status": "approved",
                f"translations-{number}-origin": "human",
            }
        )
    return data


def test_an_editor_uploads_an_image_with_its_alt_text(editor_client, stored_files):
    response = editor_client.post(reverse("admin:images_image_add"), add_data(jpeg_upload()))

    assert response.status_code == 302, response.content.decode()[:2000]
    image = Image.objects.get()
    assert image.credit == "Jane Doe / Newsroom"
    assert image.localized("en").alt_text == "Alt text in en"
    assert len(image.renditions) == 6
    assert stored_files() == set(image.stored_names())


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"not a picture", "photo.jpg", "This is not a JPEG, PNG, WebP or GIF image."),
        (truncated_jpeg(), "photo.jpg", "the file is truncated or damaged"),
        (png_declaring(100_000, 100_000), "huge.png", "more than 40 megapixels"),
    ],
)
def test_a_refused_upload_shows_why_and_keeps_the_editors_input(
    editor_client, stored_files, data, name, message
):
    response = editor_client.post(
        reverse("admin:images_image_add"),
        add_data(upload(data, name), languages=("en", "ja")),
        headers={"accept-language": "en"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Jane Doe / Newsroom"' in page
    assert 'value="Alt text in ja"' in page
    assert Image.objects.count() == 0
    assert stored_files() == set()


def test_a_japanese_editor_reads_the_refusal_in_japanese(editor_client):
    response = editor_client.post(
        reverse("admin:images_image_add"),
        add_data(upload(b"not a picture", "photo.jpg")),
        headers={"accept-language": "ja"},
    )

    assert "JPEG・PNG・WebP・GIF のいずれの画像でもありません。" in response.content.decode()


def test_an_image_cannot_be_added_without_alt_text_in_its_original_language(
    editor_client, stored_files
):
    response = editor_client.post(
        reverse("admin:images_image_add"),
        add_data(jpeg_upload(), languages=("ja",)),
        headers={"accept-language": "en"},
    )

    assert response.status_code == 200
    assert "Describe the image in its original language (en)" in response.content.decode()
    assert Image.objects.count() == 0
    assert stored_files() == set()


def test_replacing_the_file_in_the_admin_removes_the_old_files(
    editor_client, make_image, stored_files, django_capture_on_commit_callbacks
):
    image = make_image()
    old_names = set(image.stored_names())
    url = reverse("admin:images_image_change", args=[image.pk])
    row = image.translation("en")
    data = add_data(jpeg_upload(size=(700, 700)))
    data.update(
        {
            "translations-INITIAL_FORMS": "1",
            "translations-0-id": str(row.pk),
            "translations-0-image": str(image.pk),
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.width == 700
    assert stored_files() == set(image.stored_names())
    assert not old_names & stored_files()


def test_editing_the_credit_keeps_the_file(editor_client, make_image, stored_files):
    image = make_image()
    names = set(image.stored_names())
    data = add_data("", credit="Agency")
    row = image.translation("en")
    data.update(
        {
            "translations-INITIAL_FORMS": "1",
            "translations-0-id": str(row.pk),
            "translations-0-image": str(image.pk),
        }
    )
    del data["file"]

    response = editor_client.post(reverse("admin:images_image_change", args=[image.pk]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    image.refresh_from_db()
    assert image.credit == "Agency"
    assert set(image.stored_names()) == names == stored_files()


def test_deleting_in_the_admin_removes_the_files(
    editor_client, make_image, stored_files, django_capture_on_commit_callbacks
):
    image = make_image()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:images_image_delete", args=[image.pk]), {"post": "yes"}
        )

    assert response.status_code == 302
    assert not Image.objects.exists()
    assert stored_files() == set()


def test_the_bulk_delete_action_removes_the_files(
    editor_client, make_image, stored_files, django_capture_on_commit_callbacks
):
    images = [make_image(), make_image()]

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:images_image_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [image.pk for image in images],
                "post": "yes",
            },
        )

    assert response.status_code == 302
    assert stored_files() == set()


def test_the_image_list_shows_thumbnails_in_constant_queries(
    editor_client, make_image, django_assert_max_num_queries
):
    for _ in range(3):
        make_image(jpeg_upload(size=(400, 200)))

    with django_assert_max_num_queries(8):
        response = editor_client.get(reverse("admin:images_image_changelist"))

    assert response.status_code == 200
    assert response.content.decode().count("/renditions/") == 3


def test_the_change_page_previews_the_image_and_lists_its_renditions(editor_client, make_image):
    image = make_image(jpeg_upload(size=(500, 250)))

    response = editor_client.get(reverse("admin:images_image_change", args=[image.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert image.fallback_renditions()[0].url in page
    assert "500 × 250 WEBP" in page
    assert "megapixels" in page or "メガピクセル" in page


def test_editors_pick_a_portrait_by_its_alt_text(editor_client, make_image):
    make_image(alt_text="Sam Altman at the DevDay keynote")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "people", "model_name": "person", "field_name": "portrait", "term": "Alt"},
    )

    assert [r["text"] for r in response.json()["results"]] == ["Sam Altman at the DevDay keynote"]
