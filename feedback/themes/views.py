from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import role_required
from accounts.roles import Role
from dialogues.messages import dialogue_title
from feedback.models import FeedbackItem, RepresentativeQuote, Theme, ThemeTag
from feedback.suggestions import suggestion_reason_text
from feedback.themes.forms import (
    InboxFilterForm,
    QuoteForm,
    TagAddForm,
    ThemeForm,
    ThemeItemsFilterForm,
)
from feedback.themes.selectors import (
    InboxFilters,
    html_lang,
    inbox_items,
    neighborhoods_with_feedback_for,
    sees_all_feedback,
    sessions_with_feedback_for,
    text_direction,
    theme_items,
    theme_label,
    theme_quotes,
    themes_in_order,
    themes_overview,
)
from feedback.themes.services import (
    NotAllowed,
    TagGone,
    ThemeError,
    ThemeSlugInvalid,
    ThemeSlugTaken,
    representative_quote_choose,
    representative_quote_remove,
    theme_create,
    theme_move,
    theme_reactivate,
    theme_retire,
    theme_tag_add,
    theme_tag_confirm,
    theme_tag_reject,
    theme_tag_remove,
    theme_update,
)

PAGE_SIZE = 50
THEME_FIELDS = ("slug", "name", "description", "keywords")


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


# The coordinators' theme editor


@role_required(Role.COORDINATOR)
def theme_list(request):
    return render(request, "feedback/themes/theme_list.html", {"overviews": themes_overview()})


def _theme_form_errors(form: ThemeForm, error: ThemeError) -> None:
    form.add_error(
        "slug" if isinstance(error, ThemeSlugInvalid | ThemeSlugTaken) else None, error.message
    )


@role_required(Role.COORDINATOR)
def theme_create_view(request):
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = theme_create(
                **{name: form.cleaned_data[name] for name in THEME_FIELDS}, by=request.user
            )
        except ThemeError as error:
            _theme_form_errors(form, error)
        else:
            messages.success(
                request,
                _("The theme “%(theme)s” is added.") % {"theme": theme_label(theme, _language())},
            )
            return redirect(f"{reverse('feedback:theme_list')}#theme-{theme.pk}")
    return render(request, "feedback/themes/theme_form.html", {"form": form, "theme": None})


@role_required(Role.COORDINATOR)
def theme_edit(request, theme_id):
    theme = get_object_or_404(Theme, pk=theme_id)
    form = ThemeForm(request.POST or None, theme=theme)
    if request.method == "POST" and form.is_valid():
        try:
            theme = theme_update(
                theme=theme,
                **{name: form.cleaned_data[name] for name in THEME_FIELDS},
                by=request.user,
            )
        except ThemeError as error:
            _theme_form_errors(form, error)
        else:
            saved = _("The theme “%(theme)s” is saved.") % {
                "theme": theme_label(theme, _language())
            }
            if "keywords" in form.changed_data and theme.is_active:
                saved += " " + _("Suggestions from the new keywords appear in a moment.")
            messages.success(request, saved)
            return redirect(f"{reverse('feedback:theme_list')}#theme-{theme.pk}")
    return render(request, "feedback/themes/theme_form.html", {"form": form, "theme": theme})


def _theme_action(request, theme_id: int, action: Callable, message: str):
    theme = get_object_or_404(Theme, pk=theme_id)
    theme = action(theme=theme, by=request.user)
    messages.success(request, message % {"theme": theme_label(theme, _language())})
    return redirect(f"{reverse('feedback:theme_list')}#theme-{theme.pk}")


@role_required(Role.COORDINATOR)
@require_POST
def theme_retire_view(request, theme_id):
    return _theme_action(
        request,
        theme_id,
        theme_retire,
        _("“%(theme)s” is retired. Its tagged feedback stays; it is no longer offered for tags."),
    )


@role_required(Role.COORDINATOR)
@require_POST
def theme_reactivate_view(request, theme_id):
    return _theme_action(request, theme_id, theme_reactivate, _("“%(theme)s” is in use again."))


@role_required(Role.COORDINATOR)
@require_POST
def theme_move_view(request, theme_id):
    offsets = {"up": -1, "down": 1}
    if request.POST.get("direction") not in offsets:
        return HttpResponseBadRequest()
    theme = get_object_or_404(Theme, pk=theme_id)
    theme_move(theme=theme, offset=offsets[request.POST["direction"]], by=request.user)
    return redirect(f"{reverse('feedback:theme_list')}#theme-{theme.pk}")


# The tagging inbox


@dataclass
class ItemRow:
    """One feedback item as the inbox and a theme's page show it."""

    item: FeedbackItem
    title: str
    lang: str
    dir: str
    confirmed: list[ThemeTag] = field(default_factory=list)
    suggestions: list[tuple[ThemeTag, str]] = field(default_factory=list)
    addable: list[tuple[Theme, str]] = field(default_factory=list)
    quote: RepresentativeQuote | None = None
    quote_form: QuoteForm | None = None


def _item_row(item: FeedbackItem, language: str) -> ItemRow:
    return ItemRow(
        item=item,
        title=dialogue_title(item.dialogue, language),
        lang=html_lang(item.language),
        dir=text_direction(item.language),
    )


def _inbox_row(item: FeedbackItem, themes: list[Theme], language: str) -> ItemRow:
    row = _item_row(item, language)
    for tag in item.tags.all():
        if tag.status == ThemeTag.Status.CONFIRMED:
            row.confirmed.append(tag)
        else:
            row.suggestions.append((tag, suggestion_reason_text(tag.reason, language)))
    tagged = {tag.theme_id for tag in item.tags.all()}
    row.addable = [
        (theme, theme_label(theme, language)) for theme in themes if theme.pk not in tagged
    ]
    return row


@role_required(Role.FACILITATOR, Role.COORDINATOR)
def inbox(request):
    """Feedback to tag: coordinators see all of it, facilitators their own dialogues'."""
    language = _language()
    form = InboxFilterForm(
        request.GET or None,
        neighborhoods=neighborhoods_with_feedback_for(request.user),
        sessions=sessions_with_feedback_for(request.user),
    )
    filters = InboxFilters()
    if form.is_bound and form.is_valid():
        filters = InboxFilters(**form.cleaned_data)
    page = Paginator(inbox_items(user=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    themes = list(themes_in_order(active_only=True))
    return render(
        request,
        "feedback/themes/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": [_inbox_row(item, themes, language) for item in page],
            "sees_all": sees_all_feedback(request.user),
            "filtered": any(value for value in vars(filters).values()),
        },
    )


def _back_to_page(request, anchor: str = "", fallback: str = ""):
    """Back to the filtered page the form was on, at the item that changed."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback or reverse("feedback:inbox")
    return redirect(f"{target}#{anchor}" if anchor else target)


def _decide(request, action: Callable, message: str, **arguments) -> None:
    try:
        action(by=request.user, **arguments)
    except NotAllowed:
        raise PermissionDenied from None
    except ThemeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)


@role_required(Role.FACILITATOR, Role.COORDINATOR)
@require_POST
def tag_add(request, item_id):
    item = get_object_or_404(FeedbackItem, pk=item_id)
    form = TagAddForm(request.POST)
    if form.is_valid():
        theme = form.cleaned_data["theme"]
        _decide(
            request,
            theme_tag_add,
            _("Added the theme “%(theme)s”.") % {"theme": theme_label(theme, _language())},
            item=item,
            theme=theme,
        )
    else:
        messages.error(request, _("Choose a theme in use to add."))
    return _back_to_page(request, f"item-{item.pk}")


def _tag_view(action: Callable, message):
    @role_required(Role.FACILITATOR, Role.COORDINATOR)
    @require_POST
    def view(request, tag_id):
        tag = ThemeTag.objects.select_related("item", "theme").filter(pk=tag_id).first()
        if tag is None:
            # A keyword change withdrew the suggestion while the page was open.
            messages.error(request, TagGone.message)
            return _back_to_page(request)
        _decide(
            request,
            action,
            message % {"theme": theme_label(tag.theme, _language())},
            tag=tag,
        )
        return _back_to_page(request, f"item-{tag.item_id}")

    return view


tag_confirm = _tag_view(theme_tag_confirm, gettext_lazy("Confirmed the theme “%(theme)s”."))
tag_reject = _tag_view(
    theme_tag_reject,
    gettext_lazy("Rejected “%(theme)s”: it will not be suggested for this item again."),
)
tag_remove = _tag_view(theme_tag_remove, gettext_lazy("Removed the theme “%(theme)s”."))


# A theme's page: its source items, and for coordinators its representative quotes


def _choose_quote(request, theme: Theme) -> tuple[QuoteForm, FeedbackItem]:
    """Handles the quote form posted from one item of the theme's page."""
    posted = request.POST.get("item", "")
    item = get_object_or_404(
        theme_items(theme=theme, user=request.user), pk=int(posted) if posted.isdigit() else 0
    )
    form = QuoteForm(
        request.POST,
        auto_id=_quote_auto_id(item.pk),
        text_lang=html_lang(item.language),
        text_dir=text_direction(item.language),
    )
    if form.is_valid():
        try:
            representative_quote_choose(
                theme=theme,
                item=item,
                text=form.cleaned_data["text"],
                no_names_confirmed=form.cleaned_data["no_names_confirmed"],
                by=request.user,
            )
        except NotAllowed:
            raise PermissionDenied from None
        except ThemeError as error:
            form.add_error(None, error.message)
    return form, item


@role_required(Role.FACILITATOR, Role.COORDINATOR)
def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    language = _language()
    sees_all = sees_all_feedback(request.user)
    posted_form, posted_item = None, None
    if request.method == "POST":
        # Only coordinators choose quotes; the service says so too.
        if not sees_all:
            raise PermissionDenied
        posted_form, posted_item = _choose_quote(request, theme)
        if not posted_form.errors:
            messages.success(request, _("The quote is chosen for this theme."))
            return redirect(f"{request.get_full_path()}#quotes")

    filter_form = ThemeItemsFilterForm(
        request.GET or None, neighborhoods=neighborhoods_with_feedback_for(request.user)
    )
    filters = {}
    if filter_form.is_bound and filter_form.is_valid():
        filters = filter_form.cleaned_data
    items = theme_items(
        theme=theme,
        user=request.user,
        neighborhood=filters.get("neighborhood"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    quotes = list(theme_quotes(theme)) if sees_all else []
    quoted = {quote.item_id: quote for quote in quotes}
    rows = []
    for item in page:
        row = _item_row(item, language)
        if sees_all:
            row.quote = quoted.get(item.pk)
            if posted_item is not None and posted_item.pk == item.pk:
                row.quote_form = posted_form
            else:
                row.quote_form = QuoteForm(
                    auto_id=_quote_auto_id(item.pk),
                    initial={"item": item.pk, "text": row.quote.text if row.quote else item.text},
                    text_lang=row.lang,
                    text_dir=row.dir,
                )
        rows.append(row)
    return render(
        request,
        "feedback/themes/theme_detail.html",
        {
            "theme": theme,
            "filter_form": filter_form,
            "page": page,
            "rows": rows,
            "quotes": [(quote, _item_row(quote.item, language)) for quote in quotes],
            "sees_all": sees_all,
        },
    )


def _quote_auto_id(item_id) -> str:
    # Every item on the page has its own quote form; ids must not repeat.
    return f"id_quote_{item_id}_%s"


@role_required(Role.COORDINATOR)
@require_POST
def quote_remove(request, slug, quote_id):
    quote = get_object_or_404(RepresentativeQuote, pk=quote_id, theme__slug=slug)
    try:
        representative_quote_remove(quote=quote, by=request.user)
    except NotAllowed:
        raise PermissionDenied from None
    messages.success(request, _("The quote is removed from this theme."))
    return _back_to_page(request, "quotes", fallback=reverse("feedback:theme_detail", args=[slug]))
