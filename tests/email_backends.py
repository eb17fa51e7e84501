"""Email backends for tests: a provider that fails on cue, and a worker that dies mid-send."""

from anymail.exceptions import AnymailAPIError
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from requests.models import Response


class WorkerKilled(BaseException):
    """Stands for SIGKILL: not an Exception, so no handler in the code under test catches it."""


class ScriptedEmailBackend(BaseEmailBackend):
    """Raises the scripted errors in turn, then delivers to Django's locmem outbox."""

    script: list[BaseException] = []
    calls = 0

    def send_messages(self, messages):
        type(self).calls += 1
        if type(self).script:
            raise type(self).script.pop(0)
        mail.outbox.extend(messages)
        return len(messages)


def provider_error(status_code: int, reason: str) -> AnymailAPIError:
    """The error anymail raises when the provider's API answers with this HTTP status."""
    response = Response()
    response.status_code = status_code
    response.reason = reason
    response._content = b'{"Message": "%s"}' % reason.encode()
    return AnymailAPIError(
        f"Provider API response {status_code}", status_code=status_code, response=response
    )
