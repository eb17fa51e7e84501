from feedback.models.committee import (
    BriefComment,
    BriefStatusChange,
    OutcomeNews,
    Recommendation,
    RecommendationUpdate,
    ThemeBrief,
)
from feedback.models.reports import SessionReport
from feedback.models.survey import SurveyQuestion, SurveyReceipt, SurveyResponse
from feedback.models.themes import FeedbackItem, RepresentativeQuote, Theme, ThemeTag

__all__ = [
    "BriefComment",
    "BriefStatusChange",
    "FeedbackItem",
    "OutcomeNews",
    "Recommendation",
    "RecommendationUpdate",
    "RepresentativeQuote",
    "SessionReport",
    "SurveyQuestion",
    "SurveyReceipt",
    "SurveyResponse",
    "Theme",
    "ThemeBrief",
    "ThemeTag",
]
