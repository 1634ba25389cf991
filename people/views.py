"""Public pages of people and organisations: who they are, their roles, where they appear."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from core.response_cache import depends_on, public_page
from people.jsonld import organization_data, person_data
from people.models import Organization, Person


@public_page
def person_list(request):
    depends_on(request, "people", "organizations")
    language = get_language()
    people = _sorted_by_name(Person.objects.public().for_language(language), language)
    organizations = _sorted_by_name(Organization.objects.public().for_language(language), language)
    return render(
        request, "people/person_list.html", {"people": people, "organizations": organizations}
    )


def _sorted_by_name(objects, language):
    return sorted(objects, key=lambda o: o.localized(language).texts.get("name", o.slug).casefold())


@public_page
def person_detail(request, slug):
    language = get_language()
    person = get_object_or_404(Person.objects.public().for_profile(language), slug=slug)
    depends_on(request, f"person-{person.pk}")
    # Through the reverse relation: the people app never imports events.
    events = list(
        person.events.published().distinct().for_timeline(language).with_citations(language)
    )
    appearances = [
        (event, [i for i in event.involvements.all() if i.person_id == person.pk])
        for event in events
    ]
    quotes = [
        (event, citation)
        for event, involvements in appearances
        if any(i.role == "quoted" for i in involvements)
        for citation in event.citations.all()
        if citation.quote
    ]
    context = {
        "person": person,
        "text": person.localized(language),
        "affiliations": list(person.affiliations.all()),
        "appearances": appearances,
        "quotes": quotes,
        "json_ld": person_data(person, request),
    }
    return render(request, "people/person_detail.html", context)


@public_page
def organization_detail(request, slug):
    language = get_language()
    organization = get_object_or_404(Organization.objects.public().for_profile(language), slug=slug)
    depends_on(request, f"org-{organization.pk}")
    sources = organization.published_sources.public().for_reader(language)
    context = {
        "organization": organization,
        "text": organization.localized(language),
        "affiliations": [
            a
            for a in organization.affiliations.all()
            if a.person_id in _public_people(organization)
        ],
        "sources": list(sources),
        "json_ld": organization_data(organization, request),
    }
    return render(request, "people/organization_detail.html", context)


def _public_people(organization) -> set[int]:
    people = Person.objects.public().filter(affiliations__organization=organization)
    return set(people.values_list("pk", flat=True))
