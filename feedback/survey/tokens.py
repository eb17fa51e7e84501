"""The signed link in a survey invitation: one registration, one session, the survey window."""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing

SURVEY_LINK_SALT = "feedback.survey.link"
# The survey stays open this long after a session ends; a link lives no longer than that.
SURVEY_OPEN_AFTER_END = timedelta(days=14)


class InvalidSurveyLink(Exception):
    """The link was altered, cut off, or not made here."""


class ExpiredSurveyLink(InvalidSurveyLink):
    """The link is genuine but older than the survey window."""


@dataclass(frozen=True)
class SurveyLink:
    registration_id: int
    session_id: int


def survey_token(*, registration_id: int, session_id: int) -> str:
    return signing.dumps({"r": registration_id, "s": session_id}, salt=SURVEY_LINK_SALT)


def survey_link_read(token: str) -> SurveyLink:
    try:
        payload = signing.loads(
            token, salt=SURVEY_LINK_SALT, max_age=SURVEY_OPEN_AFTER_END.total_seconds()
        )
    except signing.SignatureExpired:
        raise ExpiredSurveyLink(token) from None
    except signing.BadSignature:
        raise InvalidSurveyLink(token) from None
    try:
        return SurveyLink(registration_id=int(payload["r"]), session_id=int(payload["s"]))
    except (KeyError, TypeError, ValueError):
        raise InvalidSurveyLink(token) from None
