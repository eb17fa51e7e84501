"""Planning a season of dialogues: preview, warnings, and re-running without duplicates."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse

from accounts.roles import Role
from commonground.formatting import city_time_zone
from dialogues.models import Dialogue, Session
from dialogues.scheduling import EVERY_WEEK, ScheduleRule, schedule_apply, schedule_preview
from tests.factories import DialogueFactory, ProgramFactory, VenueFactory, language, user_with_role

pytestmark = pytest.mark.django_db


def local(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=city_time_zone())


@pytest.fixture
def coordinator():
    return user_with_role(Role.COORDINATOR)


def first_tuesdays(program, venues, **overrides) -> ScheduleRule:
    return ScheduleRule(
        **{
            "program": program,
            "format": Dialogue.Format.DROP_IN,
            "mode": Dialogue.Mode.IN_PERSON,
            "weekday": 1,
            "week_of_month": 1,
            "starts": time(18, 0),
            "ends": time(20, 0),
            "first_day": date(2027, 1, 1),
            "last_day": date(2027, 6, 30),
            "venues": tuple(venues),
            "primary_language": language("en"),
            "interpretation_languages": (language("es"),),
            **overrides,
        }
    )


def test_first_tuesday_of_every_month_in_eight_neighborhoods_january_to_june(coordinator):
    program = ProgramFactory()
    venues = [VenueFactory() for _ in range(8)]
    rule = first_tuesdays(program, venues)

    plan = schedule_preview(rule)
    assert len(plan) == 6 * 8
    assert not Dialogue.objects.exists()  # the preview writes nothing
    days = sorted({item.sessions[0][0].date() for item in plan})
    assert days == [
        date(2027, 1, 5),
        date(2027, 2, 2),
        date(2027, 3, 2),
        date(2027, 4, 6),
        date(2027, 5, 4),
        date(2027, 6, 1),
    ]
    # 18:00 in the city, whatever the offset that day (standard time in March, summer in April).
    for item in plan:
        starts_at, ends_at, _kind = item.sessions[0]
        local = starts_at.astimezone(city_time_zone())
        assert (local.hour, local.minute, (ends_at - starts_at).seconds) == (18, 0, 7200)

    created = schedule_apply(rule, by=coordinator)
    assert len(created) == 48
    assert Session.objects.count() == 48
    assert set(Dialogue.objects.values_list("status", flat=True)) == {"draft"}
    dialogue = created[0]
    assert list(dialogue.interpretation_languages.values_list("code", flat=True)) == ["es"]


def test_running_the_same_plan_again_creates_nothing_new(coordinator):
    program = ProgramFactory()
    venues = [VenueFactory() for _ in range(3)]
    rule = first_tuesdays(program, venues, last_day=date(2027, 3, 31))
    assert len(schedule_apply(rule, by=coordinator)) == 9
    again = schedule_preview(rule)
    assert all(item.exists for item in again)
    assert schedule_apply(rule, by=coordinator) == []
    assert Dialogue.objects.count() == 9
    # Extending the plan adds only the new months.
    longer = first_tuesdays(program, venues, last_day=date(2027, 5, 31))
    assert len(schedule_apply(longer, by=coordinator)) == 6
    assert Dialogue.objects.count() == 15


def test_listed_holidays_are_left_out_or_warned_about(coordinator):
    program = ProgramFactory()
    venue = VenueFactory()
    holiday = date(2027, 1, 5)
    skipping = first_tuesdays(
        program, [venue], last_day=date(2027, 2, 28), holidays=frozenset({holiday})
    )
    plan = schedule_preview(skipping)
    assert [item.sessions[0][0].date() for item in plan] == [date(2027, 2, 2)]

    keeping = first_tuesdays(
        program,
        [venue],
        last_day=date(2027, 2, 28),
        holidays=frozenset({holiday}),
        skip_holidays=False,
    )
    plan = schedule_preview(keeping)
    assert len(plan) == 2
    assert any("holiday" in warning for warning in plan[0].warnings)
    assert plan[1].warnings == []


def test_double_booking_a_venue_is_warned_about(coordinator):
    venue = VenueFactory()
    starts_at = date(2027, 1, 5)
    DialogueFactory(
        venue=venue,
        sessions__starts_at=local(starts_at, time(19, 0)),
    )
    rule = first_tuesdays(ProgramFactory(), [venue], last_day=date(2027, 2, 28))
    plan = schedule_preview(rule)
    assert any("already booked" in warning for warning in plan[0].warnings)
    assert plan[1].warnings == []


def test_two_plans_at_one_venue_and_time_warn_within_the_plan():
    venue = VenueFactory()
    program = ProgramFactory()
    online_and_in_person = first_tuesdays(
        program,
        [venue],
        last_day=date(2027, 1, 31),
        format=Dialogue.Format.CIRCLE,
        week_of_month=EVERY_WEEK,
        circle_meetings=2,
        action_forum=False,
    )
    plan = schedule_preview(online_and_in_person)
    # Circles starting every Tuesday overlap their own second meetings at the same venue.
    assert any("already booked" in warning for item in plan for warning in item.warnings)


def test_a_circle_meets_weekly_and_ends_with_an_action_forum_moving_past_holidays(coordinator):
    program = ProgramFactory()
    venue = VenueFactory()
    rule = first_tuesdays(
        program,
        [venue],
        format=Dialogue.Format.CIRCLE,
        last_day=date(2027, 1, 31),
        circle_meetings=4,
        action_forum=True,
        holidays=frozenset({date(2027, 1, 19)}),
    )
    (dialogue,) = schedule_apply(rule, by=coordinator)
    sessions = list(dialogue.sessions.order_by("number"))
    assert [s.starts_at.astimezone(city_time_zone()).date() for s in sessions] == [
        date(2027, 1, 5),
        date(2027, 1, 12),
        date(2027, 1, 26),
        date(2027, 2, 2),
        date(2027, 2, 9),
    ]
    assert [s.kind for s in sessions] == ["meeting"] * 4 + ["action_forum"]


def test_the_coordinator_page_previews_then_creates(client, coordinator):
    program = ProgramFactory()
    venue = VenueFactory()
    client.force_login(coordinator)
    data = {
        "program": program.pk,
        "format": "drop_in",
        "mode": "in_person",
        "week_of_month": 1,
        "weekday": 1,
        "starts": "18:00",
        "ends": "20:00",
        "first_day": "2027-01-01",
        "last_day": "2027-03-31",
        "venues": [venue.pk],
        "primary_language": language("en").pk,
        "capacity": 12,
        "circle_meetings": 4,
        "skip_holidays": "on",
        "publish": "on",
    }
    url = reverse("dialogues:schedule_generate")
    preview = client.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200
    assert preview.context["new_count"] == 3
    assert not Dialogue.objects.exists()
    created = client.post(url, {**data, "action": "create"})
    assert created.status_code == 302
    assert Dialogue.objects.filter(status=Dialogue.Status.OPEN).count() == 3


def test_the_coordinator_page_refuses_a_plan_that_makes_no_sense(client, coordinator):
    program = ProgramFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("dialogues:schedule_generate"),
        {
            "program": program.pk,
            "format": "drop_in",
            "mode": "in_person",
            "week_of_month": 1,
            "weekday": 1,
            "starts": "20:00",
            "ends": "18:00",
            "first_day": "2027-03-01",
            "last_day": "2027-01-01",
            "primary_language": language("en").pk,
            "capacity": 500,
            "circle_meetings": 4,
            "action": "create",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"ends", "last_day", "venues", "capacity"}
    assert not Dialogue.objects.exists()
