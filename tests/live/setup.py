"""A session ready to go live: a guide, two facilitators, an interpreter, a coordinator, and
residents registered and checked in."""

from dataclasses import dataclass

from accounts.models import User
from accounts.roles import Role
from dialogues.models import (
    Attendance,
    DiscussionGuide,
    GuideSegment,
    GuideVersion,
    Registration,
    Session,
)
from facilitators.models import Assignment
from tests.factories import DialogueFactory, UserFactory, language, user_with_role

SEGMENTS = [
    (GuideSegment.Kind.WELCOME, 10, "Welcome", "Bienvenidos", "欢迎"),
    (GuideSegment.Kind.AGREEMENTS, 10, "Our agreements", "Nuestros acuerdos", "我们的约定"),
    (
        GuideSegment.Kind.PRIMING,
        10,
        "When did you first notice race?",
        "",
        "你第一次注意到种族是什么时候",
    ),
    (GuideSegment.Kind.GO_ROUND, 40, "Share a story", "Comparta una historia", "分享一个故事"),
    (GuideSegment.Kind.CLOSING, 10, "One word to close", "Una palabra para cerrar", "用一个词结束"),
]


def guide_create(default: bool = True) -> DiscussionGuide:
    guide = DiscussionGuide.objects.create(name={"en": "Test guide"}, is_default=default)
    version = GuideVersion.objects.create(guide=guide, number=1)
    for position, (kind, minutes, english, spanish, chinese) in enumerate(SEGMENTS):
        prompt = {"en": english, "es": spanish, "zh-hans": chinese}
        GuideSegment.objects.create(
            version=version,
            position=position,
            kind=kind,
            duration_minutes=minutes,
            title={code: text for code, text in prompt.items() if text},
            prompt={code: f"{text}?" for code, text in prompt.items() if text},
            facilitator_notes={"en": f"Notes for {english}"},
        )
    return guide


@dataclass
class LiveSetup:
    session: Session
    lead: User
    co_facilitator: User
    interpreter: User
    coordinator: User
    resident: User
    other_resident: User
    outsider: User


def checked_in(session: Session, user: User, name: str, language_code: str = "en") -> Registration:
    registration = Registration.objects.create(
        dialogue=session.dialogue,
        user=user,
        name=name,
        email=user.email,
        language=language_code,
        status=Registration.Status.CONFIRMED,
    )
    Attendance.objects.create(session=session, registration=registration, checked_in_by=user)
    return registration


def live_setup(*, guide: bool = True, passwords: bool = True) -> LiveSetup:
    """`passwords=False` skips password hashing, for tests that never sign in through a page."""
    account = {} if passwords else {"password": None}
    if guide:
        guide_create()
    dialogue = DialogueFactory()
    session = dialogue.sessions.get()
    lead = user_with_role(Role.FACILITATOR, display_name="Lena", **account)
    co_facilitator = user_with_role(Role.FACILITATOR, display_name="Cole", **account)
    interpreter = user_with_role(Role.INTERPRETER, display_name="Ines", **account)
    Assignment.objects.create(
        dialogue=dialogue, person=lead, role=Assignment.Role.LEAD, status="accepted"
    )
    Assignment.objects.create(
        dialogue=dialogue,
        person=co_facilitator,
        role=Assignment.Role.CO_FACILITATOR,
        status="accepted",
    )
    Assignment.objects.create(
        dialogue=dialogue,
        session=session,
        person=interpreter,
        role=Assignment.Role.INTERPRETER,
        language=language("es"),
        status="accepted",
    )
    resident = UserFactory(preferred_language="es", **account)
    other_resident = UserFactory(preferred_language="zh-hans", **account)
    checked_in(session, resident, "Rosa Pérez", "es")
    checked_in(session, other_resident, "Wei Chen", "zh-hans")
    return LiveSetup(
        session=session,
        lead=lead,
        co_facilitator=co_facilitator,
        interpreter=interpreter,
        coordinator=user_with_role(Role.COORDINATOR, **account),
        resident=resident,
        other_resident=other_resident,
        outsider=UserFactory(**account),
    )
