import csv
from datetime import datetime

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.access import role_required
from accounts.roles import Role
from accounts.selectors import role_member_counts
from commonground.calendars import calendar_text
from commonground.formatting import city_time_zone
from commonground.languages import language_display_name
from dialogues.forms import (
    CancellationForm,
    DemographicsForm,
    ListingFilterForm,
    ManageLinksForm,
    NeedsForm,
    OutcomesConsentForm,
    RegistrationForm,
    RescheduleForm,
    ScheduleForm,
    WalkInForm,
)
from dialogues.messages import (
    ExpiredManageLink,
    InvalidManageLink,
    dialogue_title,
    manage_token,
    registration_for_token,
    session_calendar_events,
)
from dialogues.models import CalendarFeed, Dialogue, Language, Registration, Session
from dialogues.scheduling import schedule_apply, schedule_preview
from dialogues.selectors import (
    ListingFilters,
    dialogue_for_display,
    dialogues_upcoming,
    neighborhoods_listed,
    no_shows,
    registration_summary,
    registrations_for_export,
    seats_left,
    session_roster,
    waitlist_position,
)
from dialogues.services import (
    CapacityReached,
    OutcomesNeedEmail,
    RegistrationError,
    attendance_check_in,
    attendance_undo,
    calendar_feed_for,
    dialogue_cancel,
    dialogue_open,
    registration_cancel,
    registration_create,
    registration_demographics_record,
    registration_links_send,
    registration_needs_update,
    registration_outcomes_consent_set,
    session_cancel,
    session_reschedule,
    walk_in_register,
)
from notifications.selectors import outbox_daily_counts, unreachable_people


@role_required(Role.COORDINATOR)
def coordinator_home(request):
    return render(
        request,
        "dialogues/coordinator_home.html",
        {
            "role_counts": role_member_counts(),
            "neighborhoods": neighborhoods_listed(),
            "email_today": outbox_daily_counts(days=1)[0],
            "unreachable": unreachable_people(),
            "dialogues": Dialogue.objects.exclude(status=Dialogue.Status.COMPLETED)
            .select_related("neighborhood", "primary_language")
            .order_by("-id")[:50],
        },
    )


def dialogue_list(request):
    language = translation.get_language()
    form = ListingFilterForm(request.GET or None, reader_language=language)
    filters = ListingFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = ListingFilters(
            neighborhood=data["neighborhood"].slug if data["neighborhood"] else "",
            language=data["language"].code if data["language"] else "",
            date_from=data["date_from"],
            date_to=data["date_to"],
            mode=data["mode"],
            access=tuple(data["access"]),
        )
    dialogues = list(dialogues_upcoming(filters))
    cards = [
        {
            "dialogue": dialogue,
            "title": dialogue_title(dialogue, language),
            "seats_left": seats_left(dialogue),
        }
        for dialogue in dialogues
    ]
    return render(request, "dialogues/dialogue_list.html", {"form": form, "cards": cards})


def _dialogue_or_404(dialogue_id: int) -> Dialogue:
    try:
        return dialogue_for_display(dialogue_id)
    except Dialogue.DoesNotExist:
        raise Http404 from None


def dialogue_detail(request, dialogue_id):
    dialogue = _dialogue_or_404(dialogue_id)
    language = translation.get_language()
    return render(
        request,
        "dialogues/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "title": dialogue_title(dialogue, language),
            "seats_left": seats_left(dialogue),
            "sessions": list(dialogue.sessions.all()),
        },
    )


def _registration_initial(request) -> dict:
    user = request.user
    initial = {"language": translation.get_language()}
    if user.is_authenticated:
        initial.update(name=user.display_name, email=user.email, language=user.preferred_language)
    return initial


def dialogue_register(request, dialogue_id):
    dialogue = _dialogue_or_404(dialogue_id)
    language = translation.get_language()
    context = {
        "dialogue": dialogue,
        "title": dialogue_title(dialogue, language),
        "seats_left": seats_left(dialogue),
    }
    if dialogue.status not in (Dialogue.Status.OPEN, Dialogue.Status.FULL):
        return render(request, "dialogues/registration_closed.html", context, status=409)
    user = request.user if request.user.is_authenticated else None
    form_options = {"dialogue": dialogue, "reader_language": language, "account_holder": bool(user)}
    if request.method == "POST":
        form = RegistrationForm(request.POST, **form_options)
        if form.is_valid():
            # One client address may not fill a dialogue, or flood the waitlist.
            if not ratelimit.consume(request, action="register_for_dialogue"):
                return ratelimit.respond_429(request)
            try:
                outcome = registration_create(
                    dialogue_id=dialogue.pk,
                    contact=form.contact(),
                    needs=form.needs(),
                    user=user,
                    outcomes_consent=form.cleaned_data["outcomes_consent"],
                )
            except OutcomesNeedEmail as error:
                form.add_error("outcomes_consent", error.message)
            except RegistrationError as error:
                context["error"] = error.message
                return render(request, "dialogues/registration_closed.html", context, status=409)
            else:
                if not outcome.created:
                    return _registered_already(request, outcome.registration, form.contact())
                token = manage_token(outcome.registration)
                return redirect("dialogues:registration_about_you", token=token)
    else:
        form = RegistrationForm(initial=_registration_initial(request), **form_options)
    return render(request, "dialogues/register.html", {**context, "form": form})


def _registered_already(request, registration, contact):
    """Whoever typed the contact details of an existing registration may not be the person who
    registered, so only its signed-in owner is taken to it; anyone else sees the neutral page of
    the "send me my links" flow, and the address, if there is one, gets fresh links."""
    if request.user.is_authenticated and registration.user_id == request.user.pk:
        messages.info(request, _("You were already registered for this dialogue."))
        return redirect("dialogues:registration_manage", token=manage_token(registration))
    email = contact.email.strip()
    if email:
        if not ratelimit.consume(request, action="registration_links", key=email.lower()):
            return ratelimit.respond_429(request)
        registration_links_send(email=email, language=translation.get_language())
    return render(request, "dialogues/manage_links_sent.html", {"email": email})


def _registration_or_error_page(request, token):
    """The registration a manage link stands for, or the page explaining what went wrong."""
    try:
        return registration_for_token(token), None
    except ExpiredManageLink:
        reason = "expired"
    except InvalidManageLink:
        reason = "invalid"
    page = render(
        request,
        "dialogues/manage_link_invalid.html",
        {"reason": reason, "form": ManageLinksForm()},
        status=400,
    )
    return None, page


def registration_about_you(request, token):
    registration, error_page = _registration_or_error_page(request, token)
    if error_page:
        return error_page
    if request.method == "POST":
        if "skip" in request.POST:
            return redirect("dialogues:registration_manage", token=token)
        form = DemographicsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            registration_demographics_record(
                registration_id=registration.pk,
                race_ethnicity=data["race_ethnicity"],
                self_described=data["self_described"],
                prefer_not_to_say=data["prefer_not_to_say"],
                age_range=data["age_range"],
                residence_neighborhood=data["residence_neighborhood"],
            )
            messages.success(request, _("Thank you for your answers."))
            return redirect("dialogues:registration_manage", token=token)
    else:
        form = DemographicsForm()
    return render(
        request,
        "dialogues/about_you.html",
        {"registration": registration, "form": form, "token": token},
    )


def _outcomes_consent_change(request, registration, form: OutcomesConsentForm) -> bool:
    """Turns news of outcomes on or off as the form says; False leaves the error on the form."""
    if not form.is_valid():
        return False
    wanted = form.cleaned_data["outcomes_consent"]
    try:
        registration_outcomes_consent_set(registration_id=registration.pk, wanted=wanted)
    except OutcomesNeedEmail as error:
        form.add_error("outcomes_consent", error.message)
        return False
    if wanted:
        messages.success(request, _("We will tell you what the city does with what residents say."))
    else:
        messages.success(request, _("You will no longer hear about outcomes of this dialogue."))
    return True


def registration_manage(request, token):
    registration, error_page = _registration_or_error_page(request, token)
    if error_page:
        return error_page
    dialogue = dialogue_for_display(registration.dialogue_id)
    language = translation.get_language()
    outcomes_form = OutcomesConsentForm(
        initial={"outcomes_consent": registration.outcomes_consented_at is not None}
    )
    form = None
    if request.method == "POST" and request.POST.get("change") == "outcomes":
        outcomes_form = OutcomesConsentForm(request.POST)
        if _outcomes_consent_change(request, registration, outcomes_form):
            return redirect("dialogues:registration_manage", token=token)
    elif request.method == "POST":
        form = NeedsForm(request.POST, dialogue=dialogue, reader_language=language)
        if form.is_valid():
            try:
                registration_needs_update(registration_id=registration.pk, needs=form.needs())
            except RegistrationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your needs are updated. Thank you for telling us."))
            return redirect("dialogues:registration_manage", token=token)
    if form is None:
        form = NeedsForm(
            initial={
                field: getattr(registration, field)
                for field in [
                    "interpretation_language",
                    "asl",
                    "cart",
                    "large_print",
                    "assistive_listening",
                    "wheelchair_access",
                    "transit_help",
                    "childcare_children",
                    "childcare_ages",
                    "dietary_needs",
                ]
            },
            dialogue=dialogue,
            reader_language=language,
        )
    # A personal feed belongs to an account or an address: a phone number alone has none.
    feed_url = None
    if registration.user_id or registration.email:
        feed = calendar_feed_for(registration)
        feed_url = request.build_absolute_uri(
            reverse("dialogues:calendar_personal", args=[feed.token])
        )
    return render(
        request,
        "dialogues/registration_manage.html",
        {
            "registration": registration,
            "dialogue": dialogue,
            "title": dialogue_title(dialogue, language),
            "sessions": list(dialogue.sessions.all()),
            "position": waitlist_position(registration),
            "form": form,
            "outcomes_form": outcomes_form,
            "token": token,
            "feed_url": feed_url,
        },
    )


def registration_cancel_view(request, token):
    registration, error_page = _registration_or_error_page(request, token)
    if error_page:
        return error_page
    if request.method == "POST":
        registration_cancel(registration_id=registration.pk)
        messages.success(
            request, _("Your registration is cancelled. Thank you for letting us know.")
        )
        return redirect("dialogues:registration_manage", token=token)
    language = translation.get_language()
    return render(
        request,
        "dialogues/registration_cancel.html",
        {
            "registration": registration,
            "title": dialogue_title(registration.dialogue, language),
            "token": token,
        },
    )


@require_POST
def registration_links_request(request):
    form = ManageLinksForm(request.POST)
    if not form.is_valid():
        return render(
            request, "dialogues/manage_link_invalid.html", {"reason": "", "form": form}, status=400
        )
    # Keyed like registering again with a known address, which sends the same links.
    email = form.cleaned_data["email"]
    if not ratelimit.consume(request, action="registration_links", key=email.strip().lower()):
        return ratelimit.respond_429(request)
    registration_links_send(email=email, language=translation.get_language())
    return render(request, "dialogues/manage_links_sent.html", {"email": email})


# Coordinators


@role_required(Role.COORDINATOR)
def registrations_overview(request, dialogue_id):
    dialogue = get_object_or_404(
        Dialogue.objects.select_related("neighborhood", "venue", "primary_language"), pk=dialogue_id
    )
    language = translation.get_language()
    return render(
        request,
        "dialogues/registrations_overview.html",
        {
            "dialogue": dialogue,
            "title": dialogue_title(dialogue, language),
            "summary": registration_summary(dialogue),
            "sessions": list(dialogue.sessions.order_by("number")),
            "no_shows": no_shows(dialogue),
            "changes": dialogue.changes.select_related("by", "session")[:20],
            "people": registrations_for_export(dialogue),
            "cancellation_form": CancellationForm(),
        },
    )


@role_required(Role.COORDINATOR)
def schedule_generate(request):
    """Plan many dialogues at once: preview first, then create what is missing."""
    language = translation.get_language()
    form = ScheduleForm(request.POST or None, reader_language=language)
    plan = None
    if request.method == "POST" and form.is_valid():
        rule = form.rule()
        if request.POST.get("action") == "create":
            created = schedule_apply(rule, by=request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)d dialogue was created.",
                    "%(count)d dialogues were created.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return redirect("dialogues:coordinator_home")
        plan = schedule_preview(rule)
    return render(
        request,
        "dialogues/schedule_generate.html",
        {
            "form": form,
            "plan": plan,
            "new_count": sum(1 for item in plan or [] if not item.exists),
        },
    )


@role_required(Role.COORDINATOR)
@require_POST
def dialogue_change(request, dialogue_id):
    """A coordinator's change to one dialogue: open it, move or cancel a session, cancel it."""
    dialogue = get_object_or_404(Dialogue, pk=dialogue_id)
    action = request.POST.get("action")
    overview = reverse("dialogues:registrations_overview", args=[dialogue.pk])
    if action == "open":
        dialogue_open(dialogue_id=dialogue.pk, by=request.user)
        messages.success(request, _("The dialogue is open for registration."))
    elif action == "reschedule":
        form = RescheduleForm(request.POST)
        session = dialogue.sessions.filter(pk=request.POST.get("session") or 0).first()
        if form.is_valid() and session is not None:
            zone = city_time_zone()
            data = form.cleaned_data
            session_reschedule(
                session_id=session.pk,
                starts_at=datetime.combine(data["day"], data["starts"], tzinfo=zone),
                ends_at=datetime.combine(data["day"], data["ends"], tzinfo=zone),
                by=request.user,
                note=data["note"],
            )
            messages.success(request, _("The session is moved, and everyone registered is told."))
        else:
            messages.error(request, _("The new time was not valid; nothing changed."))
    elif action in ("cancel_session", "cancel_dialogue"):
        form = CancellationForm(request.POST)
        session = dialogue.sessions.filter(pk=request.POST.get("session") or 0).first()
        if not form.is_valid() or (action == "cancel_session" and session is None):
            messages.error(request, _("Say why, for the people registered; nothing changed."))
        elif action == "cancel_session":
            session_cancel(session_id=session.pk, by=request.user, note=form.cleaned_data["note"])
            messages.success(
                request, _("The session is cancelled, and everyone registered is told.")
            )
        else:
            dialogue_cancel(
                dialogue_id=dialogue.pk, by=request.user, note=form.cleaned_data["note"]
            )
            messages.success(
                request, _("The dialogue is cancelled, and everyone registered is told.")
            )
    return redirect(overview)


EXPORT_COLUMNS = [
    ("status", gettext_lazy("Status")),
    ("name", gettext_lazy("Name")),
    ("email", gettext_lazy("Email")),
    ("phone", gettext_lazy("Phone")),
    ("language", gettext_lazy("Language for messages")),
    ("interpretation_language", gettext_lazy("Interpretation into")),
    ("asl", gettext_lazy("ASL interpretation")),
    ("cart", gettext_lazy("CART captioning")),
    ("large_print", gettext_lazy("Large print or Braille")),
    ("assistive_listening", gettext_lazy("Assistive listening")),
    ("wheelchair_access", gettext_lazy("Wheelchair or step-free access")),
    ("transit_help", gettext_lazy("Help getting there")),
    ("childcare_children", gettext_lazy("Children who need care during the dialogue")),
    ("childcare_ages", gettext_lazy("Their ages")),
    ("dietary_needs", gettext_lazy("Dietary needs")),
    ("created_at", gettext_lazy("Registered")),
]


@role_required(Role.COORDINATOR)
@require_GET
def registrations_csv(request, dialogue_id):
    """Contact details and needs for planning: demographic answers are never in it."""
    dialogue = get_object_or_404(Dialogue, pk=dialogue_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="dialogue-{dialogue.pk}-registrations.csv"'
    )
    # A byte order mark, so that spreadsheet programs read the names' accents right.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([str(label) for _field, label in EXPORT_COLUMNS])
    for registration in registrations_for_export(dialogue):
        row = []
        for field, _label in EXPORT_COLUMNS:
            value = getattr(registration, field)
            if field == "status":
                value = registration.get_status_display()
            elif field == "created_at":
                value = timezone.localtime(value).isoformat(timespec="minutes")
            elif isinstance(value, bool):
                value = _("yes") if value else ""
            row.append("" if value is None else str(value))
        writer.writerow(row)
    return response


# Facilitators and coordinators at the door


@role_required(Role.FACILITATOR, Role.COORDINATOR)
def session_roster_view(request, session_id):
    session = get_object_or_404(
        Session.objects.select_related("dialogue__neighborhood", "dialogue__primary_language"),
        pk=session_id,
    )
    language = translation.get_language()
    form = WalkInForm(
        dialogue=session.dialogue, reader_language=language, initial={"language": language}
    )
    if request.method == "POST":
        action = request.POST.get("action")
        registration_id = request.POST.get("registration", "")
        if action in ("check_in", "undo") and registration_id.isdigit():
            if action == "check_in":
                attendance_check_in(
                    session_id=session.pk, registration_id=int(registration_id), by=request.user
                )
            else:
                attendance_undo(session_id=session.pk, registration_id=int(registration_id))
            roster_url = reverse("dialogues:session_roster", args=[session.pk])
            return redirect(f"{roster_url}#registration-{registration_id}")
        if action == "walk_in":
            form = WalkInForm(request.POST, dialogue=session.dialogue, reader_language=language)
            if form.is_valid():
                try:
                    walk_in_register(
                        session_id=session.pk,
                        contact=form.contact(),
                        needs=form.needs(),
                        by=request.user,
                        over_capacity=form.cleaned_data["over_capacity"],
                    )
                except CapacityReached as error:
                    form.add_error("over_capacity", error.message)
                except RegistrationError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, _("Added and checked in."))
                    return redirect("dialogues:session_roster", session_id=session.pk)
    roster = session_roster(session)
    return render(
        request,
        "dialogues/session_roster.html",
        {
            "session": session,
            "title": dialogue_title(session.dialogue, language),
            "roster": roster,
            "present": sum(1 for row in roster if row["attendance"]),
            "form": form,
        },
    )


# Calendars


def _calendar_response(sessions, *, name: str, filename: str) -> HttpResponse:
    language = translation.get_language()
    text = calendar_text(session_calendar_events(list(sessions), language), name=name)
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _public_sessions():
    return Session.objects.filter(
        dialogue__status__in=[
            Dialogue.Status.OPEN,
            Dialogue.Status.FULL,
            Dialogue.Status.CLOSED,
            Dialogue.Status.CANCELLED,
            Dialogue.Status.COMPLETED,
        ]
    ).select_related(
        "dialogue__neighborhood", "dialogue__venue", "dialogue__primary_language", "venue"
    )


@require_GET
def calendar_dialogue(request, dialogue_id):
    dialogue = _dialogue_or_404(dialogue_id)
    return _calendar_response(
        _public_sessions().filter(dialogue=dialogue),
        name=dialogue_title(dialogue, translation.get_language()),
        filename=f"dialogue-{dialogue.pk}.ics",
    )


@require_GET
def calendar_all(request):
    return _calendar_response(
        _public_sessions(),
        name=_("Common Ground %(city)s: dialogues") % {"city": settings.CITY_NAME},
        filename="dialogues.ics",
    )


@require_GET
def calendar_neighborhood(request, slug):
    sessions = _public_sessions().filter(dialogue__neighborhood__slug=slug)
    neighborhood = get_object_or_404(neighborhoods_listed(), slug=slug)
    return _calendar_response(
        sessions,
        name=_("Dialogues in %(neighborhood)s") % {"neighborhood": neighborhood.name},
        filename=f"dialogues-{slug}.ics",
    )


@require_GET
def calendar_language(request, code):
    sessions = (
        _public_sessions()
        .filter(
            Q(dialogue__primary_language__code=code)
            | Q(dialogue__interpretation_languages__code=code)
        )
        .distinct()
    )
    language = get_object_or_404(Language, code=code)
    name = language_display_name(language.code, translation.get_language(), language.name)
    return _calendar_response(
        sessions,
        name=_("Dialogues in %(language)s") % {"language": name},
        filename=f"dialogues-{code}.ics",
    )


@require_GET
def calendar_personal(request, token):
    feed = get_object_or_404(CalendarFeed, token=token)
    if feed.user_id:
        owner = Q(dialogue__registrations__user_id=feed.user_id)
    else:
        owner = Q(dialogue__registrations__email=feed.email)
    # One filter() call: the owner and the status apply to the same registration.
    sessions = (
        _public_sessions()
        .filter(owner, dialogue__registrations__status=Registration.Status.CONFIRMED)
        .distinct()
    )
    return _calendar_response(sessions, name=_("My dialogues"), filename="my-dialogues.ics")
