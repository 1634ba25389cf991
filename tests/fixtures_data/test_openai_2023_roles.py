"""People's roles as of each event of the OpenAI 2023 saga (roles change during the week)."""

import datetime as dt
import re

import pytest
from django.db.models import Prefetch

from events.models import Event
from people.models import Affiliation, Person

from .conftest import SAGA_SLUG

pytestmark = pytest.mark.django_db

PACIFIC = dt.timezone(dt.timedelta(hours=-8))
BOARD_TITLE = re.compile(r"\bboard\b|independent director|\bchair\b")


def people():
    affiliations = Affiliation.objects.select_related("organization").prefetch_related(
        "translations"
    )
    return {
        person.slug: person
        for person in Person.objects.prefetch_related(Prefetch("affiliations", affiliations))
    }


def event_moment(slug: str) -> dt.datetime:
    return Event.objects.get(saga__slug=SAGA_SLUG, slug=slug).start_at


def roles(person: Person, moment: dt.datetime, organization: str = "openai") -> set[str]:
    """Return the person's English titles at ``organization`` held at ``moment``."""
    return {
        affiliation.translation("en").title
        for affiliation in person.affiliations_at(moment)
        if affiliation.organization.slug == organization
    }


def openai_ceos(everyone: dict[str, Person], moment: dt.datetime) -> set[str]:
    return {
        slug
        for slug, person in everyone.items()
        if any(re.search(r"\bCEO\b", title) for title in roles(person, moment))
    }


def openai_board(everyone: dict[str, Person], moment: dt.datetime) -> set[str]:
    return {
        slug
        for slug, person in everyone.items()
        if any(BOARD_TITLE.search(title) for title in roles(person, moment))
    }


@pytest.mark.parametrize(
    ("event_slug", "ceo"),
    [
        ("altman-becomes-ceo", "sam-altman"),
        ("sutskever-texts-altman", "sam-altman"),
        ("altman-fired-in-video-call", "sam-altman"),
        ("board-announces-altman-departure", "mira-murati"),
        ("brockman-posts-account", "mira-murati"),
        ("investors-push-for-altmans-return", "mira-murati"),
        ("nadella-and-murati-back-altmans-return", "mira-murati"),
        ("shear-named-interim-ceo", "emmett-shear"),
        ("nadella-announces-altman-and-brockman-join-microsoft", "emmett-shear"),
        ("employees-threaten-to-quit", "emmett-shear"),
        ("nadella-cnbc-interview", "emmett-shear"),
        ("agreement-for-altmans-return", "sam-altman"),
    ],
)
def test_the_chief_executive_as_of_key_events(event_slug, ceo):
    assert openai_ceos(people(), event_moment(event_slug)) == {ceo}


@pytest.mark.parametrize(
    ("day", "ceo"),
    [
        (16, "sam-altman"),
        (17, "mira-murati"),
        (18, "mira-murati"),
        (19, "mira-murati"),
        (20, "emmett-shear"),
        (21, "emmett-shear"),
        (22, "sam-altman"),
    ],
)
def test_who_led_openai_at_noon_each_day_of_the_week(day, ceo):
    noon = dt.datetime(2023, 11, day, 12, 30, tzinfo=PACIFIC)

    assert openai_ceos(people(), noon) == {ceo}


def test_openai_had_exactly_one_chief_executive_at_every_event_since_2019():
    everyone = people()
    since = event_moment("altman-becomes-ceo")
    for event in Event.objects.filter(saga__slug=SAGA_SLUG, start_at__gte=since):
        assert len(openai_ceos(everyone, event.start_at)) == 1, event.slug


def test_brockman_loses_the_chair_at_midday_and_the_presidency_when_he_quits():
    brockman = people()["greg-brockman"]

    assert roles(brockman, event_moment("sutskever-texts-altman")) == {
        "chairman of the board",
        "president",
    }
    assert roles(brockman, event_moment("brockman-removed-as-chairman")) == {
        "chairman of the board",
        "president",
    }
    assert roles(brockman, event_moment("board-announces-altman-departure")) == {"president"}
    assert roles(brockman, event_moment("brockman-quits")) == {"president"}
    assert roles(brockman, event_moment("brockman-posts-account")) == set()


def test_murati_stays_cto_while_interim_ceo():
    murati = people()["mira-murati"]
    cto = "chief technology officer (CTO)"

    assert roles(murati, event_moment("murati-told-the-night-before")) == {cto}
    assert roles(murati, event_moment("altman-fired-in-video-call")) == {cto}
    assert roles(murati, event_moment("murati-named-interim-ceo")) == {cto, "interim CEO"}
    assert roles(murati, event_moment("nadella-and-murati-back-altmans-return")) == {
        cto,
        "interim CEO",
    }
    assert roles(murati, event_moment("shear-named-interim-ceo")) == {cto}
    assert roles(murati, event_moment("employees-threaten-to-quit")) == {cto}
    assert roles(murati, event_moment("altman-formally-returns")) == {cto}


def test_the_formal_return_restores_brockman_as_president():
    everyone = people()
    returned = event_moment("altman-formally-returns")

    assert roles(everyone["greg-brockman"], event_moment("agreement-for-altmans-return")) == set()
    assert roles(everyone["greg-brockman"], returned) == {"president (returned)"}
    assert roles(everyone["sam-altman"], returned) == {"CEO (reinstated)"}
    assert roles(everyone["ilya-sutskever"], returned) == {"chief scientist"}


def test_the_board_that_fired_altman_and_the_board_that_brought_him_back():
    everyone = people()

    assert openai_board(everyone, event_moment("sutskever-texts-altman")) == {
        "sam-altman",
        "greg-brockman",
        "ilya-sutskever",
        "adam-dangelo",
        "helen-toner",
        "tasha-mccauley",
    }
    assert openai_board(everyone, event_moment("board-announces-altman-departure")) == {
        "ilya-sutskever",
        "adam-dangelo",
        "helen-toner",
        "tasha-mccauley",
    }
    assert openai_board(everyone, event_moment("agreement-for-altmans-return")) == {
        "bret-taylor",
        "larry-summers",
        "adam-dangelo",
    }
    assert roles(everyone["bret-taylor"], event_moment("agreement-for-altmans-return")) == {
        "chair of the new initial board"
    }


def test_sutskever_stays_chief_scientist_after_leaving_the_board():
    sutskever = people()["ilya-sutskever"]

    assert roles(sutskever, event_moment("altman-fired-in-video-call")) == {
        "chief scientist",
        "board member",
    }
    assert roles(sutskever, event_moment("agreement-for-altmans-return")) == {"chief scientist"}


def test_outside_roles_at_the_events_that_mention_them():
    everyone = people()

    for slug in ("nadella-and-murati-back-altmans-return", "nadella-cnbc-interview"):
        assert roles(everyone["satya-nadella"], event_moment(slug), "microsoft") == {
            "chairman and CEO"
        }
    assert roles(everyone["elon-musk"], event_moment("openai-founded")) == {"co-chair"}
    assert roles(
        everyone["dario-amodei"], event_moment("anthropic-chief-approached"), "anthropic"
    ) == {"co-founder and CEO"}
    assert roles(
        everyone["kevin-scott"], event_moment("microsoft-offers-to-match-pay"), "microsoft"
    ) == {"chief technology officer (CTO)"}
    assert roles(
        everyone["brad-lightcap"], event_moment("lightcap-memo-breakdown-in-communication")
    ) == {"chief operating officer (COO)"}
    assert roles(everyone["elon-musk"], event_moment("altman-breaks-silence"), "x") == {"owner"}
    assert roles(everyone["elon-musk"], event_moment("altman-breaks-silence")) == set()
    shear_named = event_moment("shear-named-interim-ceo")
    assert roles(everyone["emmett-shear"], shear_named, "twitch") == set()
    assert roles(everyone["emmett-shear"], shear_named) == {"interim CEO"}


def test_the_three_researchers_held_their_posts_until_they_resigned():
    everyone = people()
    resigned = event_moment("three-researchers-resign")
    staff_memo = event_moment("staff-told-talks-are-progressing")

    assert roles(everyone["jakub-pachocki"], resigned) == {"director of research"}
    assert roles(everyone["aleksander-madry"], resigned) == {
        "head of the Preparedness team (AI risk)"
    }
    assert roles(everyone["szymon-sidor"], resigned) == {"senior researcher"}
    for slug in ("jakub-pachocki", "aleksander-madry", "szymon-sidor"):
        assert roles(everyone[slug], staff_memo) == set()


def test_altman_holds_no_openai_role_between_his_firing_and_the_agreement():
    altman = people()["sam-altman"]
    fired = event_moment("altman-fired-in-video-call")
    agreed = event_moment("agreement-for-altmans-return")
    out = Event.objects.filter(saga__slug=SAGA_SLUG, start_at__gt=fired, start_at__lt=agreed)

    assert out.count() >= 15
    for event in out:
        assert roles(altman, event.start_at) == set(), event.slug
    assert roles(altman, agreed) == {"CEO (reinstated)"}
