"""An Atom feed (RFC 4287) of the steps on "You said, we did", in the language of its address.

Entries carry the step, its date and its reason; never who recorded it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from commonground.languages import babel_locale, language_display_name
from commonground.multilingual import LocalizedText
from feedback.committee.public_selectors import StatusChangeEntry, status_changes_newest_first

# Tag URIs (RFC 4151) stay the same when the site moves: the authority and date are fixed.
TAG_DATE = "2026"


def _tag(specific: str) -> str:
    authority = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{authority},{TAG_DATE}:{specific}"


def _bcp47(language: str) -> str:
    return str(babel_locale(language)).replace("_", "-")


def _paragraphs(text: LocalizedText, language: str) -> str:
    html = format_html_join(
        "",
        '<p lang="{}" dir="auto">{}</p>',
        ((_bcp47(text.language), line) for line in text.text.splitlines() if line.strip()),
    )
    if text.is_fallback:
        note = gettext("Not yet translated: shown in %(language)s.") % {
            "language": language_display_name(text.language, language)
        }
        html += format_html("<p><em>{}</em></p>", note)
    return html


def _summary(entry: StatusChangeEntry, language: str) -> str:
    step = entry.step
    parts = [format_html("<p>{}</p>", step.status_label)]
    if entry.department:
        parts.append(
            format_html(
                "<p>{}</p>",
                gettext("Department: %(department)s") % {"department": entry.department},
            )
        )
    if step.percent_label:
        parts.append(
            format_html(
                "<p>{}</p>", gettext("%(percent)s complete") % {"percent": step.percent_label}
            )
        )
    if step.text is not None:
        parts.append(_paragraphs(step.text, language))
    return "".join(parts)


def you_said_we_did_feed(request):
    language = translation.get_language()
    page = request.build_absolute_uri(reverse("feedback:you_said_we_did"))
    feed = Atom1Feed(
        title=gettext("You said, we did"),
        link=page,
        description=gettext(
            "Decisions on what residents said in the dialogues, and what the city did next."
        ),
        language=_bcp47(language),
        feed_url=request.build_absolute_uri(),
        feed_guid=_tag(f"you-said-we-did/{language}"),
        # The city's programme speaks for the record, never a person.
        author_name=gettext("Common Ground %(city)s") % {"city": settings.CITY_NAME},
    )
    for entry in status_changes_newest_first(language=language):
        feed.add_item(
            title=gettext("%(subject)s: %(status)s")
            % {"subject": entry.subject.text, "status": entry.step.status_label},
            link=f"{page}#{entry.anchor}",
            description=_summary(entry, language),
            unique_id=_tag(f"you-said-we-did/{language}/{entry.key}"),
            pubdate=entry.at,
            updateddate=entry.at,
        )
    response = HttpResponse(content_type=feed.content_type)
    feed.write(response, "utf-8")
    return response
