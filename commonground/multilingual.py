"""Text that coordinators write, stored once per language.

A value is a JSON object from language code to text. When the reader's language is missing, the
text falls back visibly to another language (the content's primary language, then English,
then any), and says so; it is never dropped.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db import models

from commonground.languages import babel_locale, language_name_local


@dataclass(frozen=True)
class LocalizedText:
    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text


def localized(value: dict | None, language: str, *fallbacks: str) -> LocalizedText:
    """The text in `language`, else in the first fallback that has it, else in any language."""
    value = value or {}
    if value.get(language):
        return LocalizedText(value[language], language, False)
    for candidate in (*fallbacks, settings.LANGUAGE_CODE, *sorted(value)):
        if value.get(candidate):
            return LocalizedText(value[candidate], candidate, True)
    return LocalizedText("", language, False)


def missing_languages(value: dict | None) -> list[str]:
    """The configured languages this text has no translation in."""
    value = value or {}
    return [code for code, _name in settings.LANGUAGES if not value.get(code)]


class MultilingualWidget(forms.MultiWidget):
    template_name = "components/multilingual_widget.html"

    def __init__(self, multiline: bool = False, attrs=None):
        self.multiline = multiline
        widget = forms.Textarea(attrs={"rows": 3}) if multiline else forms.TextInput()
        super().__init__([widget for _code, _name in settings.LANGUAGES], attrs)

    def decompress(self, value):
        value = value or {}
        return [value.get(code, "") for code, _name in settings.LANGUAGES]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, (code, _name) in zip(
            context["widget"]["subwidgets"], settings.LANGUAGES, strict=True
        ):
            subwidget["language_code"] = code
            subwidget["language_name"] = language_name_local(code)
            # The text is in that language: spelling, voices and direction follow it.
            subwidget["attrs"] = {
                **subwidget["attrs"],
                "lang": str(babel_locale(code)).replace("_", "-"),
                "dir": "rtl" if code in settings.LANGUAGES_BIDI else "ltr",
            }
        return context


class MultilingualFormField(forms.MultiValueField):
    def __init__(self, *, max_length: int, multiline: bool = False, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        fields = [
            forms.CharField(max_length=max_length, required=False)
            for _code, _name in settings.LANGUAGES
        ]
        super().__init__(
            fields,
            require_all_fields=False,
            widget=MultilingualWidget(multiline=multiline),
            **kwargs,
        )

    def compress(self, data_list):
        codes = [code for code, _name in settings.LANGUAGES]
        texts = zip(codes, data_list or [], strict=False)
        return {code: text.strip() for code, text in texts if text and text.strip()}


class MultilingualTextField(models.JSONField):
    """A JSON object of language code to text, edited with one box per configured language."""

    def __init__(self, *args, max_length: int = 2000, multiline: bool = False, **kwargs):
        self.text_max_length = max_length
        self.multiline = multiline
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_length"] = self.text_max_length
        kwargs["multiline"] = self.multiline
        if kwargs.get("default") is dict:
            del kwargs["default"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "form_class": MultilingualFormField,
                "max_length": self.text_max_length,
                "multiline": self.multiline,
                **kwargs,
            }
        )
