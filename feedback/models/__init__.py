from feedback.models.reports import SessionReport
from feedback.models.survey import SurveyQuestion, SurveyReceipt, SurveyResponse
from feedback.models.themes import FeedbackItem, RepresentativeQuote, Theme, ThemeTag

__all__ = [
    "FeedbackItem",
    "RepresentativeQuote",
    "SessionReport",
    "SurveyQuestion",
    "SurveyReceipt",
    "SurveyResponse",
    "Theme",
    "ThemeTag",
]
