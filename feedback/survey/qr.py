"""The projector's "Tell us how it went" panel: the survey's address as text and QR code."""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from feedback.survey.selectors import session_feedback_path_without_language

QR_DARK = "#1b2330"


@dataclass(frozen=True)
class SurveyPoster:
    url: str
    qr_svg: SafeString


def survey_poster(*, session_id: int) -> SurveyPoster:
    """The public address (SITE_URL: the projector's laptop may use an internal one), without a
    language prefix so that each phone opens the survey in its own language."""
    url = settings.SITE_URL + session_feedback_path_without_language(session_id=session_id)
    # A full-size QR code: many phone cameras do not read the Micro QR segno picks for short
    # data. Medium error correction survives a projector's glare.
    code = segno.make(url, micro=False, error="m")
    svg = code.svg_inline(scale=4, dark=QR_DARK, light="#ffffff", omitsize=True)
    label = gettext("QR code that opens the survey: %(url)s") % {"url": url}
    # segno writes no ARIA; the code is one image with a name. Its markup is segno's own and
    # the label is escaped, so it is safe to insert.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return SurveyPoster(url=url, qr_svg=mark_safe(svg))
