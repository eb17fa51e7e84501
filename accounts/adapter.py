from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth renders subjects without the request, so context processors do not run.
        super().send_mail(template_prefix, email, {**context, "city_name": settings.CITY_NAME})
