"""Demo committee story for `make run`: what the past year of feedback led to.

Coordinators turned themes into briefs and routed them; the advisory committee discussed them,
decided each one with a reason (accepted, more input requested, not adopted), and followed the
accepted one into a recommendation the Inspectional Services Department is carrying out. The
coordinators answered the request for more input with a follow-up dialogue. One brief is on the
docket now and one is still a draft. A share of the residents who came to the past dialogues
asked to hear about outcomes, the demo resident among them.

Everything goes through feedback.committee.services, so the history rows are the real ones.
Those rows are stamped by `auto_now_add`, which reads django.utils.timezone.now; each step runs
with that clock set to the day it happened, so the story has its dates without any history row
being changed afterwards. The housing brief's title marks that the story was seeded.
"""

# Text in Chinese uses its own punctuation.
# ruff: noqa: RUF001

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock

from django.test.utils import override_settings

from accounts.models import User
from commonground.demo_feedback import COORDINATOR_EMAIL, PAST_PROGRAM_SLUG
from commonground.formatting import city_time_zone
from dialogues.models import Dialogue, Language, Program, Registration, Venue
from dialogues.services import (
    attendance_check_in,
    dialogue_open,
    registration_outcomes_consent_set,
)
from feedback.committee.loop import outcome_digests_send_due
from feedback.committee.services import (
    brief_comment_add,
    brief_create,
    brief_decide,
    brief_follow_up_dialogue_plan,
    brief_send_to_committee,
    recommendation_create,
    recommendation_update,
)
from feedback.models import (
    FeedbackItem,
    Recommendation,
    RepresentativeQuote,
    Theme,
    ThemeBrief,
    ThemeTag,
)

COMMITTEE_EMAIL = "committee@example.org"
RESIDENT_EMAIL = "resident@example.org"
# Where the demo resident went to dialogues last season: East Boston's has Spanish interpretation.
RESIDENT_NEIGHBORHOOD = "East Boston"
RESIDENT_SESSIONS = 2
# The share of people who came to a past dialogue and asked to hear what became of it.
OUTCOMES_CONSENT_SHARE = 0.05
ACTION_IDEAS_PER_BRIEF = 2
DEPARTMENT = "Inspectional Services Department"
# This season's program, from commonground.demo, where the follow-up dialogue is planned.
CURRENT_PROGRAM_SLUG = "neighborhood-race-dialogues"
FOLLOW_UP_NEIGHBORHOOD = "Mattapan"
# The story starts with the housing brief's routing, 35 days ago.
STORY_DAYS = 36

HOUSING_TITLE = {
    "en": "Repairs and rising rents",
    "es": "Reparaciones y alquileres que suben",
    "zh-hans": "维修与不断上涨的房租",
    "vi": "Sửa chữa nhà và tiền thuê tăng cao",
}


def demo_committee_ensure(*, today: date) -> None:
    """The committee's story, once: the housing brief marks that it was seeded. Needs the past
    year of feedback (demo_feedback_ensure) and the demo accounts."""
    if ThemeBrief.objects.filter(title__en=HOUSING_TITLE["en"]).exists():
        return
    if not Dialogue.objects.filter(program__slug=PAST_PROGRAM_SLUG).exists():
        return
    _Story(today=today).tell()


@contextmanager
def _clock_at(moment: datetime) -> Iterator[None]:
    """Runs services as if it were `moment`: what they stamp with timezone.now(), history rows
    included, carries that date."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


class _Story:
    def __init__(self, *, today: date):
        self.today = today
        self.zone = city_time_zone()
        self.coordinator = User.objects.get(email=COORDINATOR_EMAIL)
        self.member = User.objects.get(email=COMMITTEE_EMAIL)
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}

    def at(self, days_ago: int, hour: int, minute: int = 0) -> datetime:
        """A moment in the city's time zone, at least a day before today."""
        return datetime.combine(
            self.today - timedelta(days=days_ago), time(hour, minute), tzinfo=self.zone
        )

    def tell(self) -> None:
        # Consent comes first: people asked to hear back when they registered, long before
        # any of these decisions.
        self.outcomes_consent_give()
        self.resident_attendance_ensure()
        self.housing()
        self.civic_engagement()
        self.economic_opportunity()
        self.policing()
        self.climate_draft()
        self.digests_send_as_they_went()

    def digests_send_as_they_went(self) -> None:
        """The outcome digests went out each evening as the story unfolded, so residents hold
        them (Rosa in the app too) and `make run`'s first tick has no backlog to send. Their
        emails are kept in memory rather than printed on the console."""
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for days_ago in range(STORY_DAYS, 0, -1):
                evening = self.at(days_ago, 20)
                with _clock_at(evening):
                    outcome_digests_send_due(now=evening)

    # Residents who asked to hear back

    def outcomes_consent_give(self) -> None:
        """About 5% of the people who came to a past dialogue asked, when they registered, to
        hear what becomes of what was said; the same people on every run (a fixed seed)."""
        attended = dict(
            Registration.objects.filter(
                dialogue__program__slug=PAST_PROGRAM_SLUG,
                attendance__isnull=False,
                outcomes_consented_at__isnull=True,
            )
            .values_list("pk", "created_at")
            .distinct()
        )
        chosen = random.Random(11).sample(
            sorted(attended), round(len(attended) * OUTCOMES_CONSENT_SHARE)
        )
        for registration_id in sorted(chosen):
            registration_outcomes_consent_set(
                registration_id=registration_id, wanted=True, now=attended[registration_id]
            )

    def resident_attendance_ensure(self) -> None:
        """The demo resident came, in Spanish, to the two latest sessions of East Boston's past
        dialogue where people spoke about housing, and asked to hear back."""
        resident = User.objects.get(email=RESIDENT_EMAIL)
        dialogue = Dialogue.objects.get(
            program__slug=PAST_PROGRAM_SLUG, neighborhood__name=RESIDENT_NEIGHBORHOOD
        )
        if Registration.objects.filter(dialogue=dialogue, user=resident).exists():
            return
        housing_said = ThemeTag.objects.filter(
            theme=self.themes["housing"],
            status=ThemeTag.Status.CONFIRMED,
            item__dialogue=dialogue,
            # Before the housing brief went to the committee, so that it fed the brief.
            item__occurred_on__lt=self.today - timedelta(days=40),
        ).values("item__session_id")
        sessions = list(
            dialogue.sessions.filter(pk__in=housing_said).order_by("-starts_at")[:RESIDENT_SESSIONS]
        )[::-1]
        if not sessions:
            return
        registered_at = sessions[0].starts_at - timedelta(days=6)
        # Written directly, as demo_feedback writes the past year: registration for a dialogue
        # that has ended is closed.
        with _clock_at(registered_at):
            registration = Registration.objects.create(
                dialogue=dialogue,
                user=resident,
                name=resident.display_name,
                email=resident.email,
                language="es",
                status=Registration.Status.CONFIRMED,
                interpretation_language=Language.objects.filter(code="es").first(),
            )
        registration_outcomes_consent_set(
            registration_id=registration.pk, wanted=True, now=registered_at
        )
        for session in sessions:
            with _clock_at(session.starts_at):
                attendance_check_in(
                    session_id=session.pk, registration_id=registration.pk, by=self.coordinator
                )

    # Briefs

    def brief(
        self,
        slug: str,
        *,
        created_days_ago: int,
        title: dict,
        public_summary: dict,
        proposed_ask: dict,
    ) -> ThemeBrief:
        """A brief with the theme's representative quotes and its latest action ideas."""
        theme = self.themes[slug]
        ideas = []
        for item in FeedbackItem.objects.filter(
            kind=FeedbackItem.Kind.ACTION_IDEA,
            tags__theme=theme,
            tags__status=ThemeTag.Status.CONFIRMED,
        ).order_by("-occurred_on", "-pk"):
            if item.text not in {idea.text for idea in ideas}:
                ideas.append(item)
            if len(ideas) == ACTION_IDEAS_PER_BRIEF:
                break
        with _clock_at(self.at(created_days_ago, 10, 15)):
            return brief_create(
                theme=theme,
                title=title,
                public_summary=public_summary,
                proposed_ask=proposed_ask,
                quotes=list(RepresentativeQuote.objects.filter(theme=theme)),
                action_ideas=ideas,
                by=self.coordinator,
            )

    def route(self, brief: ThemeBrief, days_ago: int) -> None:
        with _clock_at(self.at(days_ago, 11, 30)):
            brief_send_to_committee(brief_id=brief.pk, by=self.coordinator)

    def comment(self, brief: ThemeBrief, days_ago: int, text: str) -> None:
        with _clock_at(self.at(days_ago, 20, 40)):
            brief_comment_add(brief=brief, text=text, by=self.member)

    def decide(self, brief: ThemeBrief, days_ago: int, **decision) -> None:
        # The committee meets in the evening.
        with _clock_at(self.at(days_ago, 19, 45)):
            brief_decide(brief_id=brief.pk, by=self.member, **decision)

    def housing(self) -> None:
        brief = self.brief(
            "housing",
            created_days_ago=40,
            title=HOUSING_TITLE,
            public_summary={
                "en": "In dialogues across the city, and more every month, residents told us "
                "that rents rise every year while repairs wait for months. Tenants who ask for "
                "repairs fear an eviction notice. Families who have lived here for decades are "
                "leaving, and many of them are Black, Latino and Asian families.",
                "es": "En diálogos de toda la ciudad, y cada mes más, los vecinos nos dijeron "
                "que los alquileres suben cada año mientras las reparaciones esperan meses. "
                "Quienes piden reparaciones temen recibir un aviso de desalojo. Se están yendo "
                "familias que llevan décadas aquí, y muchas son familias negras, latinas y "
                "asiáticas.",
                "zh-hans": "在全市各地的对话中，越来越多的居民告诉我们：房租每年上涨，维修却要等上"
                "几个月。要求维修的租户担心会收到驱逐通知。在这里住了几十年的家庭正在离开，其中"
                "许多是非裔、拉丁裔和亚裔家庭。",
                "vi": "Trong các buổi đối thoại khắp thành phố, và mỗi tháng một nhiều hơn, cư "
                "dân cho chúng tôi biết tiền thuê nhà tăng mỗi năm trong khi việc sửa chữa phải "
                "chờ hàng tháng. Người thuê nhà yêu cầu sửa chữa sợ nhận thông báo đuổi nhà. "
                "Những gia đình đã sống ở đây hàng chục năm đang phải rời đi, nhiều người trong "
                "số đó là người da đen, người gốc Latinh và người gốc Á.",
            },
            proposed_ask={
                "en": "Ask Inspectional Services to inspect within 30 days of a tenant's repair "
                "complaint, in the tenant's language, and to publish every quarter, by "
                "neighborhood, how long repairs take.",
                "es": "Pedir a Servicios de Inspección que inspeccione dentro de los 30 días "
                "siguientes a la queja de un inquilino, en el idioma del inquilino, y que "
                "publique cada trimestre, por barrio, cuánto tardan las reparaciones.",
            },
        )
        self.route(brief, 35)
        self.comment(
            brief,
            33,
            "The quotes match what I hear at my church in Dorchester. Can the ask say that "
            "inspectors come with an interpreter, not only with a translated letter?",
        )
        self.comment(
            brief,
            28,
            "I met the tenants' association in East Boston: people do not complain because "
            "they fear the landlord. Whatever we recommend has to protect tenants who do.",
        )
        self.decide(
            brief,
            21,
            status=ThemeBrief.Status.ACCEPTED,
            rationale={
                "en": "Residents of every neighborhood we heard from described the same "
                "pattern: rents rise, repairs wait, and tenants who complain risk their home. "
                "Repair inspections are in the city's hands today, so the committee will "
                "recommend faster inspections in the tenant's language, with the figures "
                "published by neighborhood.",
                "es": "Los vecinos de todos los barrios que escuchamos describieron lo mismo: los "
                "alquileres suben, las reparaciones esperan y quien se queja arriesga su "
                "vivienda. Las inspecciones de reparaciones ya dependen de la ciudad, así que "
                "el comité recomendará inspecciones más rápidas en el idioma del inquilino, con "
                "las cifras publicadas por barrio.",
                "zh-hans": "我们听取意见的每个社区的居民都描述了同样的情况：房租上涨，维修拖延，"
                "投诉的租户可能失去住所。维修检查是市政府现在就能掌控的事情，因此委员会将建议以"
                "租户的语言更快地进行检查，并按社区公布相关数据。",
                "vi": "Cư dân ở mọi khu phố mà chúng tôi lắng nghe đều mô tả cùng một tình "
                "trạng: tiền thuê tăng, việc sửa chữa bị trì hoãn, và người thuê nhà lên tiếng "
                "có nguy cơ mất chỗ ở. Việc kiểm tra sửa chữa là điều thành phố có thể làm ngay, "
                "vì vậy ủy ban sẽ đề nghị kiểm tra nhanh hơn bằng ngôn ngữ của người thuê nhà, "
                "và công bố số liệu theo từng khu phố.",
            },
            votes_for=7,
            votes_against=1,
            abstentions=1,
            minutes="Nine members present. Kwame presented the brief and read two of the "
            "residents' quotes. One member asked that rent stabilization be taken up "
            "separately, since it needs a change in state law. Motion to accept, with the ask "
            "on repair inspections: 7 for, 1 against, 1 abstention.",
        )
        brief.refresh_from_db()
        with _clock_at(self.at(20, 9, 30)):
            recommendation = recommendation_create(
                briefs=[brief],
                title={
                    "en": "Repair inspections within 30 days, in the tenant's language",
                    "es": "Inspecciones de reparaciones en 30 días, en el idioma del inquilino",
                    "zh-hans": "在30天内以租户的语言进行维修检查",
                    "vi": "Kiểm tra sửa chữa trong vòng 30 ngày, bằng ngôn ngữ của người thuê nhà",
                },
                department=DEPARTMENT,
                by=self.member,
            )
        steps = [
            (
                18,
                Recommendation.Status.SENT,
                0,
                self.member,
                {
                    "en": "Sent to the department's commissioner, with the brief and the "
                    "residents' quotes.",
                    "es": "Enviada a la comisionada del departamento, con el informe y las "
                    "citas de los vecinos.",
                    "zh-hans": "已连同简报和居民的原话一起发送给该部门的负责人。",
                    "vi": "Đã gửi đến người đứng đầu sở, kèm theo bản tóm tắt và những lời "
                    "của cư dân.",
                },
            ),
            (
                12,
                Recommendation.Status.RESPONDED,
                0,
                self.coordinator,
                {
                    "en": "The department answered in writing: it can inspect within 30 days "
                    "and will bring interpreters from the city's language access office.",
                    "es": "El departamento respondió por escrito: puede inspeccionar en 30 días "
                    "y llevará intérpretes de la oficina de acceso lingüístico de la ciudad.",
                    "zh-hans": "该部门书面答复：可以在30天内完成检查，并将请市语言服务办公室的"
                    "口译员一同前往。",
                    "vi": "Sở đã trả lời bằng văn bản: có thể kiểm tra trong vòng 30 ngày và sẽ "
                    "mời thông dịch viên của văn phòng hỗ trợ ngôn ngữ của thành phố.",
                },
            ),
            (
                9,
                Recommendation.Status.ADOPTED,
                0,
                self.coordinator,
                {
                    "en": "Adopted, with a target of 30 days in every neighborhood by the end "
                    "of the year.",
                    "es": "Adoptada, con la meta de 30 días en todos los barrios antes de fin "
                    "de año.",
                    "zh-hans": "已采纳，目标是在年底前使所有社区都能在30天内完成检查。",
                    "vi": "Đã được thông qua, với mục tiêu 30 ngày ở mọi khu phố trước cuối năm.",
                },
            ),
            (
                6,
                Recommendation.Status.IN_PROGRESS,
                25,
                self.coordinator,
                {
                    "en": "The repair complaint line and online form now work in Spanish, "
                    "Haitian Creole, Vietnamese and Chinese.",
                    "es": "La línea de quejas por reparaciones y el formulario en línea ya "
                    "funcionan en español, criollo haitiano, vietnamita y chino.",
                    "zh-hans": "维修投诉热线和网上表格现已提供西班牙语、海地克里奥尔语、越南语和"
                    "中文服务。",
                    "vi": "Đường dây khiếu nại sửa chữa và biểu mẫu trực tuyến nay đã có bằng "
                    "tiếng Tây Ban Nha, tiếng Creole Haiti, tiếng Việt và tiếng Trung.",
                },
            ),
            (
                2,
                Recommendation.Status.IN_PROGRESS,
                40,
                self.coordinator,
                {
                    "en": "Two more inspectors hired. The first quarterly figures by "
                    "neighborhood come out next month.",
                    "es": "Se contrataron dos inspectores más. Las primeras cifras trimestrales "
                    "por barrio se publican el mes que viene.",
                    "zh-hans": "又聘用了两名检查员。首份按社区统计的季度数据将于下个月公布。",
                    "vi": "Đã tuyển thêm hai thanh tra viên. Số liệu hằng quý đầu tiên theo "
                    "từng khu phố sẽ được công bố vào tháng tới.",
                },
            ),
        ]
        for days_ago, status, percent, by, note in steps:
            with _clock_at(self.at(days_ago, 14, 0)):
                recommendation_update(
                    recommendation_id=recommendation.pk,
                    status=status,
                    note=note,
                    percent_complete=percent,
                    by=by,
                )

    def civic_engagement(self) -> None:
        brief = self.brief(
            "civic-engagement",
            created_days_ago=24,
            title={
                "en": "Interpreters at City Hall, every day",
                "es": "Intérpretes en la alcaldía, todos los días",
                "zh-hans": "市政厅每天都有口译员",
                "vi": "Có thông dịch viên tại Tòa thị chính mỗi ngày",
            },
            public_summary={
                "en": "Residents said that at City Hall nobody speaks their language unless "
                "they book ahead, so they bring their children to interpret, or give up. They "
                "ask for interpreters every day, and for city meetings in the evening, in the "
                "neighborhood.",
                "es": "Los vecinos dijeron que en la alcaldía nadie habla su idioma si no piden "
                "cita antes, así que llevan a sus hijos para traducir o se rinden. Piden "
                "intérpretes todos los días y reuniones de la ciudad por la tarde, en el barrio.",
                "zh-hans": "居民说，在市政厅，如果不提前预约，就没有人会说他们的语言，所以他们只能"
                "带孩子去翻译，或者干脆放弃。他们希望每天都有口译员，并希望市政会议在晚上、在社区"
                "里举行。",
                "vi": "Cư dân cho biết tại Tòa thị chính, nếu không hẹn trước thì không ai nói "
                "được ngôn ngữ của họ, nên họ phải đưa con đi phiên dịch hoặc đành bỏ cuộc. Họ "
                "đề nghị có thông dịch viên mỗi ngày, và các cuộc họp của thành phố vào buổi "
                "tối, ngay tại khu phố.",
            },
            proposed_ask={
                "en": "Staff City Hall's front desks with interpreters in the city's priority "
                "languages every weekday.",
                "es": "Que los mostradores de la alcaldía tengan intérpretes de los idiomas "
                "prioritarios de la ciudad todos los días laborables.",
            },
        )
        self.route(brief, 21)
        self.comment(
            brief,
            19,
            "Strong case. But I count few voices from Haitian Creole and Cabo Verdean "
            "speakers, who need interpreters most. Can we hear from them before we decide?",
        )
        self.decide(
            brief,
            14,
            status=ThemeBrief.Status.MORE_INPUT,
            rationale={
                "en": "The brief makes a strong case, but few of its voices come from Haitian "
                "Creole, Cabo Verdean or Vietnamese speakers, who most often need an "
                "interpreter. Before deciding which languages and desks come first, the "
                "committee asked for dialogues with them this season. The brief will come back "
                "to the committee with what they say.",
                "es": "El informe es sólido, pero pocas de sus voces son de personas que hablan "
                "criollo haitiano, caboverdiano o vietnamita, que son quienes más necesitan "
                "intérprete. Antes de decidir qué idiomas y qué mostradores van primero, el "
                "comité pidió diálogos con ellas esta temporada. El informe volverá al comité "
                "con lo que digan.",
                "zh-hans": "这份简报很有说服力，但其中来自说海地克里奥尔语、佛得角克里奥尔语或越南"
                "语居民的声音很少，而他们最需要口译服务。在决定优先考虑哪些语言和哪些服务窗口之前"
                "，委员会要求本季与他们举行对话。简报将带着他们的意见再次提交委员会。",
                "vi": "Bản tóm tắt có lập luận vững chắc, nhưng có rất ít ý kiến từ những người "
                "nói tiếng Creole Haiti, tiếng Cabo Verde hoặc tiếng Việt, là những người thường "
                "cần thông dịch nhất. Trước khi quyết định ngôn ngữ nào và quầy nào được ưu "
                "tiên, ủy ban đã đề nghị tổ chức đối thoại với họ trong mùa này. Bản tóm tắt sẽ "
                "được trình lại ủy ban cùng với ý kiến của họ.",
            },
            votes_for=8,
            votes_against=0,
            abstentions=1,
            minutes="Nine members present. Agreement that the need is real; members asked for "
            "more input before choosing languages. Coordinators to plan dialogues in Haitian "
            "Creole, Cabo Verdean Creole and Vietnamese.",
        )
        self.follow_up_plan(brief)

    def follow_up_plan(self, brief: ThemeBrief) -> None:
        """The coordinators answer the request: a Saturday dialogue in Haitian Creole in
        Mattapan, in this season's program, planned two days after the decision and opened for
        registration soon after."""
        program = Program.objects.filter(slug=CURRENT_PROGRAM_SLUG).first()
        venue = Venue.objects.filter(neighborhood__name=FOLLOW_UP_NEIGHBORHOOD).order_by("pk")
        venue = venue.select_related("neighborhood").first()
        haitian_creole = Language.objects.filter(code="ht").first()
        if program is None or venue is None or haitian_creole is None:
            return
        saturday = self.today + timedelta(days=21 + (5 - self.today.weekday()) % 7)
        with _clock_at(self.at(12, 10, 0)):
            dialogue, _warnings = brief_follow_up_dialogue_plan(
                brief_id=brief.pk,
                program=program,
                neighborhood=venue.neighborhood,
                venue=venue,
                primary_language=haitian_creole,
                first_day=saturday,
                starts=time(10, 30),
                ends=time(12, 30),
                by=self.coordinator,
            )
        with _clock_at(self.at(10, 9, 0)):
            dialogue_open(dialogue_id=dialogue.pk, by=self.coordinator)

    def economic_opportunity(self) -> None:
        brief = self.brief(
            "economic-opportunity",
            created_days_ago=30,
            title={
                "en": "A city loan fund for small businesses of color",
                "es": "Un fondo municipal de préstamos para pequeños negocios de personas de color",
                "zh-hans": "为有色人种小企业设立市政贷款基金",
                "vi": "Quỹ cho vay của thành phố dành cho doanh nghiệp nhỏ của người da màu",
            },
            public_summary={
                "en": "Business owners told us that banks turned them down while white friends "
                "with the same plan got loans, and that corner stores owned by neighbors are "
                "closing. The brief proposed a city fund lending to small businesses owned by "
                "people of color.",
                "es": "Dueños de negocios nos contaron que los bancos les negaron préstamos "
                "mientras amigos blancos con el mismo plan los obtuvieron, y que cierran las "
                "tiendas de la esquina de los vecinos. El informe proponía un fondo municipal "
                "que preste a pequeños negocios de personas de color.",
                "zh-hans": "企业主告诉我们，银行拒绝了他们的贷款申请，而拥有同样计划的白人朋友却"
                "获得了贷款；邻居经营的街角小店也在陆续关门。这份简报提议设立一个市政基金，向有色"
                "人种拥有的小企业提供贷款。",
                "vi": "Các chủ doanh nghiệp cho biết ngân hàng từ chối cho họ vay trong khi "
                "những người bạn da trắng với cùng kế hoạch lại được vay, và các cửa hàng nhỏ "
                "của hàng xóm đang đóng cửa. Bản tóm tắt đề xuất một quỹ của thành phố cho các "
                "doanh nghiệp nhỏ do người da màu làm chủ vay vốn.",
            },
            proposed_ask={
                "en": "Create a city loan fund of $5 million for small businesses owned by "
                "people of color.",
                "es": "Crear un fondo municipal de préstamos de 5 millones de dólares para "
                "pequeños negocios de personas de color.",
            },
        )
        self.route(brief, 26)
        self.comment(
            brief,
            24,
            "The stories about bank loans are hard to read. I want to know whether the city's "
            "existing loan program reaches these owners before we ask for a new fund.",
        )
        self.decide(
            brief,
            17,
            status=ThemeBrief.Status.NOT_ADOPTED,
            rationale={
                "en": "The committee heard the unfairness residents described, and it is real. "
                "We did not adopt this ask because the city already funds a small-business loan "
                "program, and a second fund would take two years to set up: what residents "
                "describe is who gets those loans, not whether loans exist. The committee will "
                "ask the Office of Economic Opportunity to publish every year who applies for "
                "its loans and who gets them, by race and neighborhood. What residents said "
                "about living wages and first jobs stays in this theme for the next brief.",
                "es": "El comité escuchó la injusticia que describieron los vecinos, y es real. "
                "No adoptamos esta propuesta porque la ciudad ya financia un programa de "
                "préstamos para pequeños negocios, y un segundo fondo tardaría dos años en "
                "crearse: lo que los vecinos describen es quién recibe esos préstamos, no si "
                "existen. El comité pedirá a la Oficina de Oportunidades Económicas que publique "
                "cada año quién solicita sus préstamos y quién los recibe, por raza y barrio. Lo "
                "que dijeron sobre salarios dignos y primeros empleos sigue en este tema para el "
                "próximo informe.",
                "zh-hans": "委员会听到了居民所描述的不公平，这种不公平是真实存在的。我们没有采纳"
                "这项提议，因为市政府已经资助了一个小企业贷款项目，而另设一个基金需要两年时间："
                "居民所描述的问题在于谁能获得这些贷款，而不是有没有贷款。委员会将要求经济机会办公"
                "室每年按种族和社区公布贷款的申请和获批情况。居民关于生活工资和第一份工作的意见仍"
                "保留在这个主题中，用于下一份简报。",
                "vi": "Ủy ban đã lắng nghe sự bất công mà cư dân mô tả, và điều đó là có thật. "
                "Chúng tôi không thông qua đề xuất này vì thành phố đã tài trợ một chương trình "
                "cho vay dành cho doanh nghiệp nhỏ, và lập thêm một quỹ thứ hai sẽ mất hai năm: "
                "điều cư dân mô tả là ai được vay, chứ không phải có khoản vay hay không. Ủy ban "
                "sẽ đề nghị Văn phòng Cơ hội Kinh tế công bố hằng năm ai nộp đơn vay và ai được "
                "vay, theo chủng tộc và khu phố. Những ý kiến của cư dân về mức lương đủ sống và "
                "công việc đầu tiên vẫn được giữ trong chủ đề này cho bản tóm tắt tiếp theo.",
            },
            votes_for=3,
            votes_against=5,
            abstentions=1,
            minutes="Nine members present. Staff from the Office of Economic Opportunity "
            "described the existing loan program. Motion to accept the brief as written: 3 "
            "for, 5 against, 1 abstention. Members agreed to request yearly figures on who gets "
            "the program's loans.",
        )

    def policing(self) -> None:
        """On the committee's docket now, waiting for its next meeting."""
        brief = self.brief(
            "policing",
            created_days_ago=6,
            title={
                "en": "Stops, respect and language",
                "es": "Paradas policiales, respeto e idioma",
                "zh-hans": "警察拦查、尊重与语言",
                "vi": "Cảnh sát chặn hỏi, sự tôn trọng và ngôn ngữ",
            },
            public_summary={
                "en": "Parents told us their teenage sons are stopped walking home while other "
                "children on the same block are not, and that officers speak only English to "
                "elders who cannot answer fast enough. Residents want to be safe and to be "
                "respected, and say both matter.",
                "es": "Madres y padres nos contaron que la policía para a sus hijos adolescentes "
                "cuando vuelven a casa, y a otros chicos de la misma cuadra no, y que los agentes "
                "hablan solo en inglés a personas mayores que no pueden responder rápido. Los "
                "vecinos quieren seguridad y respeto, y dicen que ambos importan.",
                "zh-hans": "家长们告诉我们，他们十几岁的儿子在走路回家时被警察拦下，而同一条街上"
                "的其他孩子却没有；警察只用英语和来不及回答的老人说话。居民们希望安全，也希望受到"
                "尊重，并说这两者同样重要。",
                "vi": "Các bậc cha mẹ cho biết con trai tuổi thiếu niên của họ bị cảnh sát chặn "
                "lại khi đi bộ về nhà, trong khi những đứa trẻ khác cùng khu phố thì không, và "
                "cảnh sát chỉ nói tiếng Anh với người cao tuổi không thể trả lời kịp. Cư dân "
                "muốn được an toàn và được tôn trọng, và cho rằng cả hai đều quan trọng.",
            },
            proposed_ask={
                "en": "Publish police stop data by race and neighborhood every quarter, and give "
                "officers phone interpretation in every patrol car.",
                "es": "Publicar cada trimestre los datos de paradas policiales por raza y barrio, "
                "y dar a los agentes interpretación telefónica en cada patrulla.",
            },
        )
        self.route(brief, 3)
        self.comment(
            brief,
            2,
            "Before our meeting: can the coordinators tell us how many of these voices came "
            "from young people themselves?",
        )

    def climate_draft(self) -> None:
        """A coordinator's draft, not yet sent: the public does not see it."""
        self.brief(
            "climate-transportation",
            created_days_ago=1,
            title={
                "en": "Buses that come, and shade while we wait",
                "es": "Autobuses que lleguen, y sombra mientras esperamos",
            },
            public_summary={
                "en": "Residents say the morning buses pass their stops full, so they lose pay, "
                "and that bus stops on the hottest streets have no shade or shelter.",
                "es": "Los vecinos dicen que los autobuses de la mañana pasan llenos sin parar, "
                "así que pierden salario, y que las paradas de las calles más calurosas no "
                "tienen sombra ni refugio.",
            },
            proposed_ask={
                "en": "Add morning buses on the busiest routes and shelters at the hottest stops.",
                "es": "Más autobuses por la mañana en las rutas más llenas y refugios en las "
                "paradas más calurosas.",
            },
        )
