"""The {% picture %} and {% figure %} tags: responsive markup, alt text in the page's language."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from images.models import Image
from tests.factories import add_text
from tests.images.pictures import jpeg_upload, tagged_png, upload
from translations.machinery import translations_prefetch

pytestmark = pytest.mark.django_db


def render(source, language="en", **context):
    with translation.override(language):
        return Template("{% load pictures %}" + source).render(Context(context)).strip()


def attribute(html, tag, name):
    match = re.search(rf"<{tag}\b[^>]*\s{name}=\"([^\"]*)\"", html)
    return match.group(1) if match else None


def test_a_picture_has_a_webp_source_a_jpeg_fallback_and_its_size(make_image):
    image = make_image(jpeg_upload(size=(2000, 1000)))

    html = render('{% picture image sizes="(min-width: 40rem) 50vw, 100vw" %}', image=image)

    webp = {r.width: r.url for r in image.rendition_list("webp")}
    jpeg = {r.width: r.url for r in image.rendition_list("jpeg")}
    assert html.startswith("<picture>") and html.endswith("</picture>")
    assert attribute(html, "source", "type") == "image/webp"
    assert attribute(html, "source", "srcset") == (
        f"{webp[320]} 320w, {webp[640]} 640w, {webp[1280]} 1280w"
    )
    assert attribute(html, "img", "srcset") == (
        f"{jpeg[320]} 320w, {jpeg[640]} 640w, {jpeg[1280]} 1280w"
    )
    assert attribute(html, "source", "sizes") == "(min-width: 40rem) 50vw, 100vw"
    assert attribute(html, "img", "sizes") == "(min-width: 40rem) 50vw, 100vw"
    assert attribute(html, "img", "src") == jpeg[1280]
    assert (attribute(html, "img", "width"), attribute(html, "img", "height")) == ("1280", "640")
    assert attribute(html, "img", "loading") == "lazy"
    assert attribute(html, "img", "alt") == "Two coloured halves"
    assert attribute(html, "img", "lang") is None


def test_the_alt_text_follows_the_page_language(make_image):
    image = make_image()
    add_text(image, "ja", alt_text="赤と青の二色")

    assert attribute(render("{% picture image %}", "ja", image=image), "img", "alt") == (
        "赤と青の二色"
    )
    assert attribute(render("{% picture image %}", "en", image=image), "img", "alt") == (
        "Two coloured halves"
    )


def test_a_fallback_alt_text_is_marked_with_its_language(make_image):
    image = make_image()
    add_text(image, "ja", status="draft", alt_text="下書き")  # a draft is never shown

    html = render("{% picture image %}", "ja", image=image)

    assert attribute(html, "img", "alt") == "Two coloured halves"
    assert attribute(html, "img", "lang") == "en"
    assert "下書き" not in html


def test_without_any_approved_alt_text_the_given_fallback_is_used(make_image):
    image = make_image(status="draft")

    html = render('{% picture image fallback_alt="Sam Altman" %}', "en", image=image)

    assert attribute(html, "img", "alt") == "Sam Altman"
    assert attribute(html, "img", "lang") is None


def test_alt_text_is_escaped(make_image):
    image = make_image(alt_text='A "quoted" <b>bold</b> claim')

    html = render("{% picture image %}", image=image)

    assert "<b>" not in html
    assert 'alt="A &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt; claim"' in html


def test_a_transparent_logo_falls_back_to_png(make_image):
    image = make_image(upload(tagged_png(transparent=True), "logo.png"))

    html = render("{% picture image %}", image=image)

    assert ".png 320w" in attribute(html, "img", "srcset")
    assert ".jpg" not in html


def test_no_image_renders_nothing():
    assert render("{% picture image %}{% figure image %}", image=None) == ""


def test_a_figure_carries_the_caption_credit_and_licence(make_image):
    image = make_image(caption="The board room", credit="Jane Doe", licence="CC BY 4.0")

    html = render("{% figure image %}", image=image)

    assert "<figure" in html and "<figcaption>" in html
    assert "The board room" in html
    assert "Credit: Jane Doe" in html
    assert "CC BY 4.0" in html


def test_a_list_of_pictures_makes_no_query_once_prefetched(make_image, django_assert_num_queries):
    for _ in range(4):
        make_image(jpeg_upload(size=(400, 200)))
    images = list(
        Image.objects.prefetch_related(translations_prefetch("translations", Image, "ja"))
    )

    with django_assert_num_queries(0):
        html = render(
            "{% for image in images %}{% picture image %}{% endfor %}", "ja", images=images
        )

    assert html.count("<picture>") == 4
