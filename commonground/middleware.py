from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from accounts.selectors import user_preferred_language


class PreferredLanguageLocaleMiddleware(LocaleMiddleware):
    """Picks the language for a URL without a language prefix.

    Order: the account's preferred language, then the language cookie set by the switcher,
    then Accept-Language. A URL with a prefix always wins; Django then redirects an
    unprefixed URL to the prefixed one.
    """

    def process_request(self, request):
        super().process_request(request)
        if translation.get_language_from_path(request.path_info):
            return
        preferred = user_preferred_language(request.user)
        if preferred:
            translation.activate(preferred)
            request.LANGUAGE_CODE = translation.get_language()
