"""Certification derived from training records, prerequisites, and the facilitator's own
details and availability, entered on a phone in their language."""

from datetime import date, time, timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from facilitators.models import (
    AvailabilityWindow,
    Blackout,
    FacilitatorLanguage,
    FacilitatorProfile,
    TrainingModule,
)
from facilitators.selectors import CertificationStatus, facilitator_standings, staffing_instance
from facilitators.services import (
    CompletionInFuture,
    OverlappingWindow,
    PrerequisiteMissing,
    availability_window_add,
    training_completion_record,
)
from facilitators.solver import solve
from tests.factories import (
    DialogueFactory,
    evening,
    facilitator,
    language,
    training_modules,
    user_with_role,
)
from tests.helpers import translated

pytestmark = pytest.mark.django_db


def standing_of(user, today):
    profile = FacilitatorProfile.objects.filter(user=user)
    return facilitator_standings(profile, today=today)[0]


def test_certified_while_every_required_module_is_current_and_expiring_within_60_days():
    trained = date(2025, 3, 10)
    person = facilitator(trained_on=trained)
    # A 24-month refresher: current until 10 March 2027, not on that day.
    until = date(2027, 3, 10)
    assert standing_of(person, date(2026, 11, 21)).certification.status == "certified"
    assert standing_of(person, until - timedelta(days=61)).certification.status == "certified"
    expiring = standing_of(person, until - timedelta(days=60)).certification
    assert expiring.status == CertificationStatus.EXPIRING_SOON
    assert expiring.certified_until == until
    assert standing_of(person, until - timedelta(days=1)).certification.certified_on(
        until - timedelta(days=1)
    )
    expired = standing_of(person, until).certification
    assert expired.status == CertificationStatus.EXPIRED
    assert not expired.certified_on(until)


def test_a_refresher_renews_certification_and_keeps_the_history():
    coordinator = user_with_role(Role.COORDINATOR)
    person = facilitator(trained_on=date(2024, 1, 5))
    profile = person.facilitator_profile
    today = date(2026, 2, 1)
    assert standing_of(person, today).certification.status == CertificationStatus.EXPIRED
    training_completion_record(
        profile=profile,
        module=training_modules()["basic"],
        completed_on=date(2026, 1, 20),
        verified_by=coordinator,
        today=today,
    )
    renewed = standing_of(person, today).certification
    assert renewed.status == CertificationStatus.CERTIFIED
    assert renewed.certified_until == date(2028, 1, 20)
    assert profile.completions.count() == 3


def test_a_missing_required_module_means_not_certified_and_is_named():
    person = facilitator()
    extra = TrainingModule.objects.create(
        name={"en": "Bias awareness"}, hours=3, position=3, refresher_months=None
    )
    certification = standing_of(person, timezone.localdate()).certification
    assert certification.status == CertificationStatus.NOT_CERTIFIED
    assert certification.missing == [extra]


def test_leading_needs_the_practicum_and_enough_co_facilitated_sessions():
    today = timezone.localdate()
    newer = facilitator(experience=0)
    no_practicum = facilitator(may_lead=False)
    seasoned = facilitator(experience=5)
    assert standing_of(newer, today).certification.lead_from is None
    assert standing_of(no_practicum, today).certification.lead_from is None
    assert standing_of(seasoned, today).certification.may_lead_on(today)


def test_prerequisites_must_be_completed_first_and_dates_cannot_be_in_the_future():
    coordinator = user_with_role(Role.COORDINATOR)
    participate = TrainingModule.objects.create(
        name={"en": "Take part in a dialogue"}, hours=2, position=0
    )
    basic = training_modules()["basic"]
    basic.prerequisites.add(participate)
    profile = FacilitatorProfile.objects.create(user=user_with_role(Role.FACILITATOR))
    today = date(2026, 11, 21)
    with pytest.raises(PrerequisiteMissing):
        training_completion_record(
            profile=profile, module=basic, completed_on=today, verified_by=coordinator, today=today
        )
    with pytest.raises(CompletionInFuture):
        training_completion_record(
            profile=profile,
            module=participate,
            completed_on=today + timedelta(days=1),
            verified_by=coordinator,
            today=today,
        )
    training_completion_record(
        profile=profile,
        module=participate,
        completed_on=today - timedelta(days=30),
        verified_by=coordinator,
        today=today,
    )
    completion = training_completion_record(
        profile=profile, module=basic, completed_on=today, verified_by=coordinator, today=today
    )
    assert completion.verified_by == coordinator


def test_certification_expiry_changes_eligibility_on_the_right_day():
    """Certified until day D: a dialogue late on D-1 is staffed, one early on D is not."""
    days_ahead = 20
    expiry_day = timezone.localdate() + timedelta(days=days_ahead)
    # Trained 24 months before the expiry day, so the refresher falls due on it.
    trained = expiry_day.replace(year=expiry_day.year - 2)
    for person in (facilitator(trained_on=trained), facilitator(trained_on=trained)):
        assert standing_of(person, timezone.localdate()).certification.certified_until == (
            expiry_day
        )
    late_before = DialogueFactory(sessions__starts_at=evening(days_ahead - 1, hour=21))
    early_on = DialogueFactory(sessions__starts_at=evening(days_ahead, hour=1))
    plan = solve(staffing_instance([late_before, early_on]))
    assert late_before.pk in plan.teams
    gap = next(gap for gap in plan.gaps if gap.dialogue_id == early_on.pk)
    assert gap.reason.code == "no_certified_speaker"


def test_identity_exists_only_with_consent():
    profile = FacilitatorProfile.objects.create(user=user_with_role(Role.FACILITATOR))
    profile.identity_categories = ["black"]
    with pytest.raises(IntegrityError):
        profile.save()


def test_facilitator_sets_languages_neighborhoods_and_withdraws_consent(client):
    person = facilitator()
    neighborhood = DialogueFactory().neighborhood
    client.force_login(person)
    url = reverse("facilitators:facilitator_details")
    spanish, english = language("es"), language("en")
    response = client.post(
        url,
        {
            "monthly_max": 3,
            f"language_{spanish.pk}": "conversational",
            f"language_{english.pk}": "facilitates",
            "neighborhoods": [neighborhood.pk],
            "identity_consent": "on",
            "identity_categories": ["black", "hispanic"],
            "identity_self_described": "Afro-Dominican",
        },
    )
    assert response.status_code == 302
    profile = FacilitatorProfile.objects.get(user=person)
    assert profile.monthly_max == 3
    assert dict(profile.languages.values_list("language__code", "level")) == {
        "en": FacilitatorLanguage.Level.FACILITATES,
        "es": FacilitatorLanguage.Level.CONVERSATIONAL,
    }
    assert list(profile.neighborhoods.all()) == [neighborhood]
    assert profile.identity_categories == ["black", "hispanic"]
    client.post(url, {"monthly_max": 3, f"language_{english.pk}": "facilitates"})
    profile.refresh_from_db()
    assert profile.identity_consented_at is None
    assert profile.identity_categories == []
    assert profile.identity_self_described == ""


def test_identity_answers_without_consent_are_refused_with_a_translated_error(client):
    person = facilitator()
    client.force_login(person)
    with translation.override("es"):
        url = reverse("facilitators:facilitator_details")
    response = client.post(url, {"monthly_max": 3, "identity_categories": ["black"]})
    assert response.status_code == 200
    assert translated("es", "Tick the consent box to save these answers, or clear them.") in (
        response.content.decode()
    )
    assert FacilitatorProfile.objects.get(user=person).identity_categories == []


def test_weekly_windows_and_days_away_on_the_availability_page(client):
    person = facilitator(always_free=False)
    client.force_login(person)
    url = reverse("facilitators:availability")
    client.post(
        url,
        {
            "action": "add_window",
            "window-weekday": 1,
            "window-starts": "17:30",
            "window-ends": "21:00",
        },
    )
    window = AvailabilityWindow.objects.get(user=person)
    assert (window.weekday, window.starts, window.ends) == (1, time(17, 30), time(21, 0))
    overlapping = client.post(
        url,
        {
            "action": "add_window",
            "window-weekday": 1,
            "window-starts": "20:00",
            "window-ends": "22:00",
        },
    )
    assert "This overlaps a time you already gave for that day." in overlapping.content.decode()
    assert AvailabilityWindow.objects.filter(user=person).count() == 1
    backwards = client.post(
        url,
        {
            "action": "add_blackout",
            "blackout-first_day": "2027-03-10",
            "blackout-last_day": "2027-03-01",
        },
    )
    assert "The last day cannot be before the first." in backwards.content.decode()
    client.post(
        url,
        {
            "action": "add_blackout",
            "blackout-first_day": "2027-03-01",
            "blackout-last_day": "2027-03-10",
            "blackout-note": "Family visit",
        },
    )
    blackout = Blackout.objects.get(user=person)
    page = client.get(url).content.decode()
    assert "Family visit" in page
    client.post(url, {"action": "remove_window", "id": window.pk})
    client.post(url, {"action": "remove_blackout", "id": blackout.pk})
    assert not AvailabilityWindow.objects.filter(user=person).exists()
    assert not Blackout.objects.filter(user=person).exists()


def test_one_person_cannot_remove_anothers_window(client):
    owner = facilitator(always_free=False)
    window = availability_window_add(user=owner, weekday=2, starts=time(18), ends=time(20))
    with pytest.raises(OverlappingWindow):
        availability_window_add(user=owner, weekday=2, starts=time(19), ends=time(21))
    other = facilitator(always_free=False)
    client.force_login(other)
    client.post(reverse("facilitators:availability"), {"action": "remove_window", "id": window.pk})
    assert AvailabilityWindow.objects.filter(pk=window.pk).exists()


def test_training_matrix_shows_who_is_expiring(client):
    client.force_login(user_with_role(Role.COORDINATOR))
    soon = timezone.localdate() + timedelta(days=30)
    expiring = facilitator(trained_on=soon.replace(year=soon.year - 2), display_name="Expiring Eve")
    facilitator(display_name="Current Carl")
    everyone = client.get(reverse("facilitators:training_matrix")).content.decode()
    assert "Expiring Eve" in everyone and "Current Carl" in everyone
    only = client.get(reverse("facilitators:training_matrix") + "?show=expiring")
    body = only.content.decode()
    assert "Expiring Eve" in body and "Current Carl" not in body
    assert "Expiring soon" in body
    assert expiring.facilitator_profile.active


def test_staffing_pages_are_for_coordinators_only(client):
    client.force_login(facilitator())
    assert client.get(reverse("facilitators:training_matrix")).status_code == 403
    assert client.get(reverse("facilitators:staffing_home")).status_code == 403


def test_a_module_name_without_a_translation_is_shown_in_english_and_says_so(client):
    client.force_login(user_with_role(Role.COORDINATOR))
    facilitator()
    with translation.override("vi"):
        url = reverse("facilitators:training_matrix")
    body = client.get(url).content.decode()
    assert '<span lang="en" dir="auto">Basic facilitation training</span>' in body
