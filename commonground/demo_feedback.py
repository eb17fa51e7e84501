"""Demo feedback for `make run`: a past year of monthly drop-in dialogues in every demo
neighborhood, with attendees who told us (or did not tell us) their race and ethnicity, what
they said, their survey answers, the facilitators' reports, themes confirmed or only suggested,
and representative quotes. Summaries, theme pages and the tagging inbox then have something
to show, including small cells that suppression hides.

Everything is fictional. Rows are written with bulk_create so that seeding stays fast, with the
same where/when fields the feedback services copy from a session. A fixed random seed makes
every run produce the same data; the past program's slug marks that it was seeded.
"""

# Text in Chinese and other scripts uses that script's own punctuation.
# ruff: noqa: RUF001

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import DateTimeField, ExpressionWrapper, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from commonground.demo_guide import DEMO_GUIDE_SEGMENTS
from commonground.formatting import city_time_zone
from dialogues.demographics import AGE_RANGES, POPULATION_GROUPS
from dialogues.models import (
    Attendance,
    Dialogue,
    Language,
    Neighborhood,
    Program,
    Registration,
    RegistrationDemographics,
    Session,
    Venue,
)
from dialogues.services import neighborhood_ensure
from facilitators.models import Assignment
from feedback.models import (
    FeedbackItem,
    RepresentativeQuote,
    SessionReport,
    SurveyReceipt,
    SurveyResponse,
    Theme,
    ThemeTag,
)
from feedback.suggestions import keyword_lists, suggestions_for_text, theme_suggestions_create

PAST_PROGRAM_SLUG = "neighborhood-race-dialogues-past-year"
# Survey answerers who ask to hear what became of their words: kept small, so that the
# demo's outcome digests stay readable in `make run`'s console.
HEAR_BACK_SHARE = 0.1
PAST_PROGRAM_NAME = {
    "en": "Neighborhood Race Dialogues: the past twelve months",
    "es": "Diálogos vecinales sobre raza: los últimos doce meses",
}
PAST_PROGRAM_FOCUS = {
    "en": "A drop-in conversation every month in each neighborhood, open to everyone.",
    "es": "Una conversación abierta cada mes en cada barrio, para todas las personas.",
}
SESSIONS_PER_DIALOGUE = 12
# The last session ends at least this long ago, so that no survey invitation is still due.
LAST_SESSION_AT_LEAST_AGO = timedelta(days=4)
# Items the coordinators have not tagged yet: suggestions wait for them in the inbox.
UNTAGGED_ITEMS = 30
QUOTES_PER_THEME = 2
REGISTERED_BEFORE_VISIT = timedelta(days=6)
COORDINATOR_EMAIL = "coordinator@example.org"

HOUSING = "housing"
POLICING = "policing"
EDUCATION = "education"
ECONOMY = "economic-opportunity"
HEALTH = "health"
CIVIC = "civic-engagement"
PROCUREMENT = "procurement"
CLIMATE = "climate-transportation"


# Columns of the tables below.
GROUPS = [code for code, _label in POPULATION_GROUPS]
THEMES = [HOUSING, POLICING, EDUCATION, ECONOMY, HEALTH, CIVIC, PROCUREMENT, CLIMATE]


@dataclass(frozen=True)
class DemoNeighborhood:
    """Who lives in a demo neighborhood, who comes to its dialogue, and what they talk about."""

    # Fictional census counts of residents, in the order of GROUPS.
    population: tuple[int, ...]
    # Weights of the groups among the people who come, in the order of GROUPS. They differ
    # from the population on purpose, so that the summary's comparison has something to show.
    attendees: tuple[int, ...]
    # Weights of what is said, in the order of THEMES; housing grows over the year.
    themes: tuple[int, ...]
    weekday: int  # Monday is 0
    week_of_month: int
    starts: time
    # Emails of the lead and co-facilitator, from the demo facilitators.
    facilitators: tuple[str, str]
    interpretation: tuple[str, ...]
    # The languages people of a group speak here, where they differ from GROUP_LANGUAGES.
    languages: dict[str, dict[str, int]] | None = None
    primary_language: str = "en"

    def population_by_group(self) -> dict[str, int]:
        return dict(zip(GROUPS, self.population, strict=True))

    def attendee_weights(self) -> dict[str, int]:
        return {g: w for g, w in zip(GROUPS, self.attendees, strict=True) if w}

    def theme_weights(self) -> dict[str, int]:
        return dict(zip(THEMES, self.themes, strict=True))


# Groups: aian, asian, black, hispanic, mena, nhpi, white, multiple.
# Themes: housing, policing, education, economy, health, civic, procurement, climate.
DEMO_FEEDBACK_NEIGHBORHOODS = {
    "Allston-Brighton": DemoNeighborhood(
        population=(140, 16200, 3900, 8600, 950, 60, 41800, 3600),
        attendees=(1, 22, 9, 14, 5, 1, 42, 6),
        themes=(30, 8, 10, 14, 8, 10, 4, 14),
        weekday=2,
        week_of_month=2,
        starts=time(18, 30),
        facilitators=("paulo.costa@example.org", "sarah.cohen@example.org"),
        interpretation=("pt-br", "zh-hans", "ru"),
        languages={
            "white": {"en": 82, "pt-br": 8, "ru": 8, "fr": 2},
            "asian": {"en": 50, "zh-hans": 35, "zh-hant": 10, "vi": 5},
        },
    ),
    "Chinatown": DemoNeighborhood(
        population=(30, 8900, 720, 950, 150, 15, 3100, 480),
        attendees=(0, 74, 4, 5, 2, 0, 11, 4),
        themes=(32, 5, 6, 14, 16, 16, 3, 8),
        weekday=3,
        week_of_month=1,
        starts=time(18, 0),
        facilitators=("wei.zhang@example.org", "linh.tran@example.org"),
        interpretation=("en", "zh-hans"),
        languages={"asian": {"zh-hant": 45, "zh-hans": 25, "en": 25, "vi": 5}},
        primary_language="zh-hant",
    ),
    "Dorchester": DemoNeighborhood(
        population=(310, 9400, 34200, 16300, 700, 80, 20100, 6500),
        attendees=(1, 18, 40, 17, 2, 0, 14, 8),
        themes=(20, 14, 18, 14, 10, 10, 6, 8),
        weekday=1,
        week_of_month=2,
        starts=time(19, 0),
        facilitators=("linh.tran@example.org", "facilitator@example.org"),
        interpretation=("vi", "ht", "kea"),
        languages={
            "black": {"en": 62, "ht": 16, "kea": 16, "so": 6},
            "asian": {"vi": 55, "en": 40, "zh-hans": 5},
        },
    ),
    "East Boston": DemoNeighborhood(
        population=(120, 1400, 1600, 26100, 820, 30, 14400, 1900),
        attendees=(0, 3, 5, 64, 7, 0, 16, 5),
        themes=(26, 6, 8, 12, 10, 14, 4, 20),
        weekday=2,
        week_of_month=1,
        starts=time(18, 30),
        facilitators=("luis.ramirez@example.org", "rosa.delgado@example.org"),
        interpretation=("es", "pt-br", "ar"),
        languages={"hispanic": {"es": 68, "en": 28, "pt-br": 4}},
    ),
    "Hyde Park": DemoNeighborhood(
        population=(90, 900, 16500, 10500, 200, 20, 8200, 1600),
        attendees=(1, 3, 50, 24, 1, 0, 15, 6),
        themes=(16, 12, 14, 14, 12, 8, 6, 18),
        weekday=3,
        week_of_month=3,
        starts=time(18, 0),
        facilitators=("grace.okafor@example.org", "ayesha.rahman@example.org"),
        interpretation=("ht", "es"),
        languages={"black": {"en": 68, "ht": 28, "kea": 4}},
    ),
    "Jamaica Plain": DemoNeighborhood(
        population=(110, 2600, 5200, 9400, 400, 25, 20500, 2200),
        attendees=(1, 6, 17, 30, 1, 0, 38, 7),
        themes=(28, 12, 12, 12, 10, 12, 6, 8),
        weekday=1,
        week_of_month=3,
        starts=time(19, 30),
        facilitators=("sarah.cohen@example.org", "tom.becker@example.org"),
        interpretation=("es",),
    ),
    "Mattapan": DemoNeighborhood(
        population=(60, 310, 19800, 3900, 80, 10, 880, 900),
        attendees=(0, 2, 78, 11, 0, 1, 3, 5),
        themes=(16, 14, 10, 14, 20, 6, 4, 16),
        weekday=2,
        week_of_month=4,
        starts=time(18, 0),
        facilitators=("mc.joseph@example.org", "grace.okafor@example.org"),
        interpretation=("ht",),
        languages={"black": {"en": 58, "ht": 38, "kea": 4}},
    ),
    "Roxbury": DemoNeighborhood(
        population=(180, 1700, 26000, 17500, 450, 40, 5300, 2800),
        attendees=(1, 3, 56, 26, 2, 0, 7, 5),
        themes=(20, 20, 12, 16, 10, 6, 10, 6),
        weekday=1,
        week_of_month=4,
        starts=time(18, 0),
        facilitators=("facilitator@example.org", "tom.becker@example.org"),
        interpretation=("es", "kea", "so"),
        languages={"black": {"en": 74, "kea": 10, "so": 10, "ht": 6}},
    ),
}

# The languages people of each group speak, unless a neighborhood says otherwise.
GROUP_LANGUAGES = {
    "hispanic": {"es": 55, "en": 42, "pt-br": 3},
    "black": {"en": 76, "ht": 10, "kea": 7, "so": 5, "fr": 2},
    "asian": {"en": 45, "zh-hant": 20, "zh-hans": 15, "vi": 20},
    "white": {"en": 90, "pt-br": 4, "ru": 4, "fr": 2},
    "mena": {"ar": 55, "en": 45},
    "multiple": {"en": 80, "kea": 10, "pt-br": 6, "es": 4},
}
# The two categories people who chose more than one most often chose.
MULTIPLE_MIXES = [
    (("black", "hispanic"), 4),
    (("hispanic", "white"), 3),
    (("black", "white"), 3),
    (("asian", "white"), 2),
    (("aian", "black"), 1),
]
DETAILS = {
    "ht": "black.haitian",
    "so": "black.somali",
    "vi": "asian.vietnamese",
    "zh-hant": "asian.chinese",
    "zh-hans": "asian.chinese",
}
HISPANIC_DETAILS = ["hispanic.puerto_rican", "hispanic.dominican", "hispanic.salvadoran"]
SELF_DESCRIBED = ["Cabo Verdean", "Brazilian", "Afro-Latina", "Creole", "Human"]
NAMES = {
    "en": (
        "Marcus Tanya Darius Emily Sean Aaliyah Brian Monique Kevin Jasmine Patrick Denise",
        "Johnson Williams Brown O'Neil Davis Jackson Murphy Robinson Walsh Greene",
    ),
    "es": (
        "Ana Luis Carmen José María Jorge Yesenia Carlos Rosa Miguel",
        "Torres Rivera Martínez Hernández López Díaz Cruz Reyes",
    ),
    "ht": (
        "Jean Marie Widline Fritznel Nadège Jacques Roseline Wesley",
        "Pierre Joseph Charles Louis Étienne Augustin",
    ),
    "vi": ("Lan Minh Thu Huong Tuan Linh Bao Anh", "Nguyen Tran Le Pham Vo Dang"),
    "zh-hant": ("Mei Wai Ling Kwok Siu Man Yan Chun", "Chan Wong Lee Leung Chin Lau"),
    "zh-hans": ("Wei Li Jun Xiu Hong Ming Yan Fang", "Chen Li Huang Zhang Lin Zhou"),
    "kea": ("Joana Djamila Ivanilda Edson Nelson Carla", "Monteiro Lopes Fernandes Gomes Tavares"),
    "pt-br": ("Lucas Thiago Juliana Rafael Camila Beatriz", "Souza Silva Oliveira Costa Santos"),
    "ar": ("Nadia Omar Yasmin Karim Layla Samir", "Haddad Khalil Mansour Saleh Aziz Nasser"),
    "so": ("Hodan Abdi Faadumo Mohamed Amina Hassan", "Ali Farah Warsame Hussein Osman"),
    "ru": ("Olga Dmitri Irina Sergei Natalia", "Ivanova Petrov Smirnova Volkov"),
    "fr": ("Claire Amadou Fatou Luc Aminata", "Dubois Diallo Ndiaye Martin"),
}

# What residents said: (themes a person would confirm, the first being the main one, language,
# text). Most texts carry a theme keyword, so that untagged ones get suggestions with reasons.
STATEMENTS = [
    (
        (HOUSING,),
        "en",
        "My rent went up 30 percent this year. The landlord says new people will pay it, and I "
        "have lived on this block for twenty years.",
    ),
    (
        (HOUSING,),
        "en",
        "Every new building has luxury apartments. Nobody I grew up with can afford them. That "
        "is what displacement looks like.",
    ),
    (
        (HOUSING,),
        "en",
        "On the phone the apartment was available. When I showed up in person, it was suddenly "
        "gone.",
    ),
    (
        (HOUSING,),
        "en",
        "Families in our building got eviction notices after the owner sold. Almost all of them "
        "are Black and Latino families.",
    ),
    (
        (HOUSING,),
        "en",
        "My grandmother owned her house here for forty years. Now the taxes and the offers from "
        "developers are pushing her out.",
    ),
    (
        (HOUSING,),
        "en",
        "I work full time and still sleep on my sister's couch, because I cannot find housing I "
        "can pay for.",
    ),
    (
        (HOUSING,),
        "es",
        "La renta sube cada año y el casero no arregla nada. Si nos quejamos, nos amenaza con el "
        "desalojo.",
    ),
    (
        (HOUSING,),
        "es",
        "Mis hijos crecieron aquí, pero ya no podemos pagar el alquiler en este barrio.",
    ),
    (
        (HOUSING,),
        "ht",
        "Lwaye a twò chè. Pwopriyetè a pa janm repare chofaj la lè fè frèt.",
    ),
    (
        (HOUSING,),
        "zh-hant",
        "唐人街的房租越來越貴，很多老人家被迫搬走。",
    ),
    (
        (HOUSING,),
        "zh-hans",
        "房东把楼卖了以后，我们这栋楼的华人家庭都收到了驱逐通知。",
    ),
    (
        (HOUSING,),
        "vi",
        "Tiền thuê nhà tăng quá nhanh, chủ nhà không muốn cho gia đình đông con thuê.",
    ),
    (
        (HOUSING,),
        "kea",
        "Renda di kaza sta txeu karu, nu sta mora tres família na un kaza só.",
    ),
    (
        (HOUSING,),
        "pt-br",
        "O aluguel subiu tanto que muitas famílias brasileiras tiveram que sair do bairro.",
    ),
    (
        (HOUSING,),
        "ar",
        "كل سنة يرتفع إيجار الشقة، والمالك لا يصلح شيئاً.",
    ),
    (
        (HOUSING,),
        "so",
        "Kiro guri aad bay u badan tahay, milkiile kasta wuxuu rabaa lacag dheeraad ah.",
    ),
    (
        (POLICING, CIVIC),
        "en",
        "My son gets stopped by police walking home. He is fifteen. The white kids on the same "
        "block do not get stopped.",
    ),
    (
        (POLICING, CIVIC),
        "en",
        "I want safety on my block, and safety also means I can call for help and trust that my "
        "family comes home.",
    ),
    (
        (POLICING, ECONOMY),
        "en",
        "After one arrest for something small, my cousin spent three years looking for a job. "
        "The record follows you.",
    ),
    (
        (POLICING, CIVIC),
        "en",
        "When an officer speaks to my father in English only and he does not answer fast "
        "enough, it gets tense very quickly.",
    ),
    (
        (POLICING,),
        "es",
        "La policía entra a nuestro barrio con otra actitud. Aquí nos tratan como sospechosos.",
    ),
    (
        (POLICING,),
        "ht",
        "Polis yo toujou kanpe jèn gason yo devan estasyon an san rezon.",
    ),
    (
        (POLICING, CIVIC),
        "vi",
        "Cảnh sát cần có người thông dịch khi nói chuyện với người lớn tuổi.",
    ),
    (
        (POLICING, CIVIC),
        "zh-hant",
        "警察來了也聽不懂我們說的話，報案很困難。",
    ),
    (
        (POLICING,),
        "ar",
        "رجال شرطة أوقفوا ابني مرتين هذا الشهر بدون سبب.",
    ),
    (
        (EDUCATION,),
        "en",
        "Black boys at my son's school get suspended for things other students only get a "
        "warning for.",
    ),
    (
        (EDUCATION, CIVIC),
        "en",
        "Our school has no teacher who speaks Haitian Creole, so parents miss every meeting.",
    ),
    (
        (EDUCATION, ECONOMY),
        "en",
        "Childcare costs more than my rent. I had to choose between a job and staying home.",
    ),
    (
        (EDUCATION,),
        "en",
        "My daughter was the only Latina in her advanced class, and the counselor told her to "
        "think about an easier college.",
    ),
    (
        (EDUCATION,),
        "es",
        "En la escuela castigan a mi hija por hablar español con sus amigas.",
    ),
    (
        (EDUCATION,),
        "ht",
        "Lekòl la voye pitit mwen lakay twòp fwa. Pwofesè yo pa konprann kilti nou.",
    ),
    (
        (EDUCATION, CIVIC),
        "zh-hans",
        "学校的家长会没有中文翻译，我们很难参与孩子的教育。",
    ),
    (
        (EDUCATION,),
        "vi",
        "Con tôi là học sinh giỏi, nhưng trường không có giáo viên nói tiếng Việt với phụ huynh.",
    ),
    (
        (EDUCATION, POLICING),
        "pt-br",
        "Meu filho é um bom aluno, mas a escola chama a polícia por qualquer briga.",
    ),
    (
        (EDUCATION,),
        "so",
        "Macallin Soomaali ah ma jiro, waalidiintuna ma fahmaan waxa iskuul ka dhacaya.",
    ),
    ((EDUCATION,), "ar", "ابنتي تُعاقب في مدرسة الحي أكثر من زميلاتها."),
    ((POLICING,), "so", "Booliis ayaa joojiya wiilashayada iyagoo aan waxba samayn."),
    ((CIVIC,), "ar", "ذهبت إلى البلدية ولم أجد مترجم يتكلم العربية."),
    (
        (HEALTH, CIVIC),
        "so",
        "Isbitaal kasta ma laha turjumaan Soomaali ah, dhakhtar lalama hadli karo.",
    ),
    (
        (ECONOMY,),
        "en",
        "Banks turned me down for a business loan three times. My white friend with the same "
        "plan got one in a week.",
    ),
    (
        (ECONOMY,),
        "en",
        "We need jobs that pay a living wage here in the neighborhood, not only downtown.",
    ),
    (
        (ECONOMY,),
        "en",
        "The corner stores are closing and the new shops are not owned by anyone from here. The "
        "wealth leaves with them.",
    ),
    (
        (ECONOMY,),
        "en",
        "Young people here need a first job. A summer job changed my life, and there are not "
        "enough of them.",
    ),
    (
        (ECONOMY,),
        "es",
        "Tengo un negocio pequeño y los permisos de la ciudad son un laberinto, todo en inglés.",
    ),
    (
        (ECONOMY,),
        "es",
        "Trabajo limpiando oficinas de noche; el salario no alcanza y no hay tiempo para los "
        "hijos.",
    ),
    (
        (ECONOMY, HOUSING),
        "ht",
        "Mwen gen de travay epi lajan an pa ase pou peye lwaye.",
    ),
    (
        (ECONOMY, HOUSING),
        "kea",
        "Trabadju ten, mas salariu ka ta da pa paga renda.",
    ),
    (
        (ECONOMY,),
        "vi",
        "Tiệm nail của tôi mất nhiều khách, kinh doanh nhỏ không có ai giúp đỡ.",
    ),
    (
        (ECONOMY,),
        "zh-hant",
        "餐館的工作時間很長，工資卻很低。",
    ),
    (
        (ECONOMY,),
        "so",
        "Shaqo ma helo inkastoo aan shahaado haysto.",
    ),
    (
        (HEALTH,),
        "en",
        "The clinic closes at five. If you work two jobs, you never get to see a doctor.",
    ),
    (
        (HEALTH, CLIMATE),
        "en",
        "My daughter has asthma, and so do half the kids on our street near the highway.",
    ),
    (
        (HEALTH,),
        "en",
        "At the hospital they did not believe my pain until my sister, who is a nurse, spoke up "
        "for me.",
    ),
    (
        (HEALTH,),
        "en",
        "Mental health support for young people after a shooting should not take six months to "
        "arrange.",
    ),
    (
        (HEALTH,),
        "en",
        "There is no place to buy fresh food within walking distance. We have fast food and a "
        "liquor store.",
    ),
    (
        (HEALTH, CIVIC),
        "es",
        "En la clínica nunca hay intérprete, y uno sale sin entender lo que dijo el médico.",
    ),
    (
        (HEALTH,),
        "ht",
        "Nan klinik la pa gen moun ki pale kreyòl, se pitit mwen ki tradui pou mwen.",
    ),
    (
        (HEALTH,),
        "vi",
        "Phòng khám gần nhà không có bác sĩ nói tiếng Việt.",
    ),
    (
        (HEALTH,),
        "zh-hant",
        "醫院的表格只有英文，老人家看不懂。",
    ),
    (
        (HEALTH,),
        "kea",
        "Na ospital ningen ka ta fla kriolu, N ta sai sen intende nada.",
    ),
    (
        (HEALTH,),
        "ar",
        "لا يوجد طبيب يتكلم العربية في عيادة الحي.",
    ),
    (
        (CIVIC,),
        "en",
        "At City Hall I waited two hours because nobody could find an interpreter for Cabo "
        "Verdean Creole.",
    ),
    (
        (CIVIC,),
        "en",
        "Community meetings are at two in the afternoon on a weekday. Who can come to that?",
    ),
    (
        (CIVIC,),
        "en",
        "Nobody asks us until the decision is made. Then they hold a meeting to tell us.",
    ),
    (
        (CIVIC,),
        "en",
        "I stopped voting because nothing changed. Tonight is the first time someone from the "
        "city asked me anything.",
    ),
    (
        (CIVIC,),
        "es",
        "Fui a la alcaldía y nadie hablaba español. Me dijeron que volviera con mi hijo para "
        "traducir.",
    ),
    (
        (CIVIC,),
        "ht",
        "Lè m ale lameri, pa gen entèprèt. Yo di m tounen ak yon moun ki pale angle.",
    ),
    (
        (CIVIC,),
        "vi",
        "Tòa thị chính nên có thông dịch tiếng Việt mỗi ngày, không chỉ khi hẹn trước.",
    ),
    (
        (CIVIC,),
        "pt-br",
        "Na prefeitura ninguém explicou o formulário em português.",
    ),
    (
        (CIVIC,),
        "kea",
        "N ka ta bai vota pamodi N ka ta kre ma nha votu ta konta.",
    ),
    (
        (PROCUREMENT,),
        "en",
        "The city contracts for snow removal always go to the same big companies from outside "
        "the neighborhood.",
    ),
    (
        (PROCUREMENT, ECONOMY),
        "en",
        "I bid on a city contract twice. The paperwork alone costs more than a small business "
        "can spend.",
    ),
    (
        (PROCUREMENT,),
        "en",
        "Black-owned firms I know never hear about a bid until it is already closed.",
    ),
    (
        (PROCUREMENT, ECONOMY),
        "es",
        "Los contratos de la ciudad deberían ir también a negocios latinos de aquí.",
    ),
    (
        (PROCUREMENT,),
        "zh-hans",
        "小企业很难拿到政府合同，投标要求太复杂。",
    ),
    (
        (CLIMATE, ECONOMY),
        "en",
        "The 28 bus is so crowded in the morning that it passes my stop. I am late to work and "
        "I lose pay.",
    ),
    (
        (CLIMATE, HEALTH),
        "en",
        "There are no trees on our street. In July the heat in the apartment is dangerous for "
        "my mother.",
    ),
    (
        (CLIMATE, HOUSING),
        "en",
        "When it rains hard, the basement floods and the city tells us it is our problem.",
    ),
    (
        (CLIMATE,),
        "en",
        "The train is the only way I can get to my job, and it is shut down every other weekend.",
    ),
    (
        (CLIMATE,),
        "es",
        "El autobús llega tarde siempre, y con el calor del verano esperamos sin sombra.",
    ),
    (
        (CLIMATE,),
        "ht",
        "Bis la pa janm vini alè, epi nan chalè ete a pa gen pyebwa pou nou kanpe anba l.",
    ),
    (
        (CLIMATE,),
        "vi",
        "Khi mưa lớn, đường trước nhà bị ngập mỗi năm.",
    ),
    (
        (CLIMATE,),
        "pt-br",
        "Quando chove forte, a rua alaga e o ônibus não passa.",
    ),
    (
        (CLIMATE,),
        "zh-hant",
        "夏天公車站沒有遮蔭，老人家等車很辛苦。",
    ),
    (
        (CLIMATE,),
        "ar",
        "حافلة الصباح مزدحمة دائماً، وأصل إلى عملي متأخراً.",
    ),
    (
        (CLIMATE, EDUCATION),
        "so",
        "Bas kasta subaxdii wuu buuxaa, carruurtu waxay ku daahaan iskuul.",
    ),
]

# What residents want the city to do: action ideas in reports, and survey answers.
IDEAS = [
    (
        (HOUSING,),
        "en",
        "Put rent stabilization in place and protect tenants who speak up about repairs.",
    ),
    ((HOUSING, POLICING), "en", "Give every tenant a lawyer in eviction court."),
    (
        (POLICING,),
        "en",
        "Train police with residents in the room, and publish stop data by race every quarter.",
    ),
    (
        (CIVIC,),
        "en",
        "Hold City Hall meetings in the evening, in the neighborhood, with interpreters and "
        "childcare.",
    ),
    ((CIVIC,), "en", "Report back to us what happened with what we said tonight."),
    (
        (PROCUREMENT, ECONOMY),
        "en",
        "Set aside a share of city contracts for small businesses owned by people of color.",
    ),
    ((HEALTH,), "en", "Keep clinics open in the evening and on Saturdays."),
    ((CLIMATE,), "en", "Plant street trees and add bus shelters where people wait in the heat."),
    ((CLIMATE,), "en", "Make the bus free on the routes through our neighborhood."),
    (
        (EDUCATION,),
        "en",
        "End suspensions for small things in elementary school and hire more counselors.",
    ),
    ((ECONOMY,), "en", "Fund job training that leads to union jobs for young people from here."),
    ((CIVIC,), "es", "Que la alcaldía tenga intérpretes todos los días, no solo con cita."),
    ((HOUSING,), "es", "Más vivienda asequible para las familias que ya viven aquí."),
    ((CLIMATE,), "ht", "Vil la dwe mete plis bis sou liy nou an, sitou nan maten."),
    (
        (ECONOMY, HOUSING),
        "vi",
        "Thành phố nên giúp các cửa hàng nhỏ kinh doanh và giữ tiền thuê ổn định.",
    ),
    ((CIVIC,), "zh-hant", "希望市政府的會議都有中文翻譯。"),
    (
        (HOUSING, CIVIC),
        "pt-br",
        "A prefeitura deve garantir advogado gratuito para quem enfrenta despejo.",
    ),
    ((CIVIC,), "kea", "Kamara debe fazi reunion na nos bairu, na nos língua."),
    ((CIVIC,), "ar", "نريد مترجم في كل اجتماع للبلدية."),
    ((CIVIC,), "so", "Dowladda hoose ha keento turjumaan Soomaali ku hadla."),
]

# What facilitators wrote about agreement and disagreement, by the session's main theme.
AGREEMENTS = {
    HOUSING: "Everyone agreed that rising rents are pushing out families who have lived here "
    "for decades.",
    POLICING: "People agreed that they want to feel safe and respected, and that both matter.",
    EDUCATION: "The group agreed that discipline at school falls harder on Black and Latino "
    "students.",
    ECONOMY: "People agreed that jobs and small businesses should benefit people who live here.",
    HEALTH: "The group agreed that clinics need evening hours and staff who speak residents' "
    "languages.",
    CIVIC: "Everyone agreed that City Hall must come to the neighborhood and bring interpreters.",
    PROCUREMENT: "People agreed that city contracts should reach local businesses of color.",
    CLIMATE: "The group agreed that unreliable buses and summer heat hit the same streets hardest.",
}
DISAGREEMENTS = {
    HOUSING: "Some wanted more new buildings; others feared new buildings bring higher rents.",
    POLICING: "Some wanted more officers on foot; others wanted the money spent on youth programs.",
    EDUCATION: "People disagreed about whether school police make students safer.",
    ECONOMY: "Some saw new businesses as a chance; others saw them as a sign of displacement.",
    HEALTH: "People disagreed about whether a new clinic or a mobile van would help more.",
    CIVIC: "Some felt it was worth talking to the city again; others had given up on it.",
    PROCUREMENT: "Some wanted set-asides; others wanted simpler paperwork for everyone.",
    CLIMATE: "Some wanted bus lanes on the main street; shop owners worried about parking.",
}
WELLBEING_NOTE = (
    "A participant became very upset while talking about an eviction and left early. My "
    "co-facilitator called the next day. Please check in with the group before next month."
)
ACKNOWLEDGED_WELLBEING_NOTE = (
    "Two participants argued after a story about a police stop. We paused the round and "
    "everyone stayed, but people left shaken."
)

SCORE_WEIGHTS = {5: 44, 4: 33, 3: 13, 2: 6, 1: 4}
# A few sessions are harder, and their scores show it.
HARD_SESSION_SCORE_WEIGHTS = {5: 20, 4: 30, 3: 25, 2: 15, 1: 10}
COME_AGAIN_WEIGHTS = {"yes": 68, "maybe": 22, "no": 6, "": 4}


def demo_populations_ensure() -> None:
    """Fictional census counts for the demo neighborhoods that have none yet."""
    neighborhoods = list(
        Neighborhood.objects.filter(name__in=DEMO_FEEDBACK_NEIGHBORHOODS, population={})
    )
    for neighborhood in neighborhoods:
        profile = DEMO_FEEDBACK_NEIGHBORHOODS[neighborhood.name]
        neighborhood.population = profile.population_by_group()
    Neighborhood.objects.bulk_update(neighborhoods, ["population"])


def demo_feedback_ensure(*, today: date) -> None:
    """Census counts for the demo neighborhoods, and a past year of dialogues with feedback,
    once: the past program's slug marks that it was seeded."""
    demo_populations_ensure()
    if Program.objects.filter(slug=PAST_PROGRAM_SLUG).exists():
        return
    _PastYear(today=today).seed()


def _weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


def _nth_weekday(year: int, month: int, weekday: int, week: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (week - 1))


def _session_days(*, today: date, weekday: int, week_of_month: int) -> list[date]:
    """The dialogue's monthly session days, oldest first: the last ones before today."""
    days = []
    year, month = today.year, today.month
    while len(days) < SESSIONS_PER_DIALOGUE:
        day = _nth_weekday(year, month, weekday, week_of_month)
        if day <= today - LAST_SESSION_AT_LEAST_AGO:
            days.append(day)
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return days[::-1]


@dataclass
class _Person:
    registration: Registration
    group: str
    weight: int  # regulars come more often


@dataclass
class _Plan:
    """What one session's people said, before it is written."""

    session: Session
    month: int  # 0 for the oldest month, up to 11
    attendees: list[_Person]
    statements: list[tuple]
    quotes: list[tuple]
    ideas: list[tuple]
    answers: list[tuple]


class _PastYear:
    """Builds the past year in memory, then writes it table by table with bulk_create."""

    def __init__(self, *, today: date):
        self.today = today
        self.now = timezone.now()
        self.zone = city_time_zone()
        self.rng = random.Random(7)
        self.coordinator = User.objects.get(email=COORDINATOR_EMAIL)
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.languages = {language.code: language for language in Language.objects.all()}
        self.configured = set(dict(settings.LANGUAGES))
        self.person_number = 0
        # Per dialogue id: its neighborhood's profile, and its (lead, co-facilitator).
        self.profiles: dict[int, DemoNeighborhood] = {}
        self.facilitators: dict[int, tuple[User, User]] = {}

    def seed(self) -> None:
        program = Program.objects.create(
            slug=PAST_PROGRAM_SLUG, name=PAST_PROGRAM_NAME, focus=PAST_PROGRAM_FOCUS
        )
        plans = []
        for name, profile in DEMO_FEEDBACK_NEIGHBORHOODS.items():
            plans += self._dialogue(program, neighborhood_ensure(name=name), profile)
        self._people_write(plans)
        # The most recent session's report is still to be written, and overdue.
        missing = max(plans, key=lambda plan: plan.session.starts_at)
        self._said_plan(plans, without_report=missing)
        reports = self._reports_write([plan for plan in plans if plan is not missing])
        items = self._items_write(plans, reports)
        items += self._surveys_write(plans)
        self._tags_write(items)
        self._quotes_write(items)
        _timestamps_backdate(program)

    # Dialogues, sessions and facilitators

    def _dialogue(
        self, program: Program, neighborhood: Neighborhood, profile: DemoNeighborhood
    ) -> list[_Plan]:
        # The neighborhood's demo venue, or else the first one.
        venue = (
            Venue.objects.filter(neighborhood=neighborhood).order_by("pk").first()
            or Venue.objects.order_by("pk").first()
        )
        dialogue = Dialogue.objects.create(
            program=program,
            format=Dialogue.Format.DROP_IN,
            mode=Dialogue.Mode.IN_PERSON,
            title={
                "en": f"{neighborhood.name}: monthly conversation on race",
                "es": f"{neighborhood.name}: conversación mensual sobre raza",
            },
            description={
                "en": "A drop-in conversation each month: come once, or every time.",
                "es": "Una conversación abierta cada mes: venga una vez o todas las veces.",
            },
            neighborhood=neighborhood,
            venue=venue,
            primary_language=self.languages.get(profile.primary_language, self.languages["en"]),
            capacity=20,
            minimum=8,
            status=Dialogue.Status.COMPLETED,
        )
        dialogue.interpretation_languages.set(
            [self.languages[code] for code in profile.interpretation if code in self.languages]
        )
        lead, co = (User.objects.get(email=email) for email in profile.facilitators)
        Assignment.objects.bulk_create(
            Assignment(
                dialogue=dialogue,
                person=person,
                role=role,
                status=Assignment.Status.ACCEPTED,
                responded_at=self.now,
            )
            for person, role in [
                (lead, Assignment.Role.LEAD),
                (co, Assignment.Role.CO_FACILITATOR),
            ]
        )
        self.profiles[dialogue.pk] = profile
        self.facilitators[dialogue.pk] = (lead, co)
        sessions = Session.objects.bulk_create(
            Session(
                dialogue=dialogue,
                number=number,
                starts_at=datetime.combine(day, profile.starts, tzinfo=self.zone),
                ends_at=datetime.combine(day, profile.starts, tzinfo=self.zone)
                + timedelta(hours=2),
            )
            for number, day in enumerate(
                _session_days(
                    today=self.today, weekday=profile.weekday, week_of_month=profile.week_of_month
                ),
                start=1,
            )
        )
        return [_Plan(session, month, [], [], [], [], []) for month, session in enumerate(sessions)]

    # Registrations, demographics and check-ins

    def _language(self, profile: DemoNeighborhood, group: str) -> str:
        weights = (profile.languages or {}).get(group) or GROUP_LANGUAGES.get(group, {"en": 1})
        weights = {code: w for code, w in weights.items() if code in self.configured}
        return _weighted(self.rng, weights) if weights else settings.LANGUAGE_CODE

    def _registration(self, dialogue: Dialogue, language: str) -> Registration:
        self.person_number += 1
        first, last = NAMES.get(language, NAMES["en"])
        interpretation = self.languages.get(language)
        return Registration(
            dialogue=dialogue,
            name=f"{self.rng.choice(first.split())} {self.rng.choice(last.split())}",
            email=f"resident{self.person_number}@example.org",
            language=language,
            status=Registration.Status.CONFIRMED,
            source=(
                Registration.Source.WALK_IN
                if self.rng.random() < 0.08
                else Registration.Source.ONLINE
            ),
            interpretation_language=(
                interpretation
                if language in self.profiles[dialogue.pk].interpretation
                and language != dialogue.primary_language.code
                else None
            ),
        )

    def _demographics(self, person: _Person) -> RegistrationDemographics | None:
        roll = self.rng.random()
        registration = person.registration
        answers = RegistrationDemographics(
            registration=registration,
            consented_at=registration.created_at,
            age_range=self.rng.choice([code for code, _label in AGE_RANGES[1:]]),
            residence_neighborhood_id=(
                registration.dialogue.neighborhood_id if self.rng.random() < 0.85 else None
            ),
        )
        if roll < 0.14:
            return None
        if roll < 0.19:
            answers.prefer_not_to_say = True
        elif roll < 0.21:
            answers.self_described = self.rng.choice(SELF_DESCRIBED)
        elif person.group == "multiple":
            mixes = dict(MULTIPLE_MIXES)
            answers.race_ethnicity = list(_weighted(self.rng, mixes))
        else:
            answers.race_ethnicity = [person.group]
            detail = DETAILS.get(registration.language)
            if person.group == "hispanic" and self.rng.random() < 0.5:
                detail = self.rng.choice(HISPANIC_DETAILS)
            if detail and detail.startswith(person.group):
                answers.race_ethnicity.append(detail)
        return answers

    def _people_write(self, plans: list[_Plan]) -> None:
        """A pool of 55 to 75 registered neighbors per dialogue, a quarter of them regulars, of
        whom 10 to 18 are checked in at each session; some never come."""
        people: list[_Person] = []
        by_dialogue: dict[int, list[_Plan]] = {}
        for plan in plans:
            by_dialogue.setdefault(plan.session.dialogue_id, []).append(plan)
        for dialogue_plans in by_dialogue.values():
            dialogue = dialogue_plans[0].session.dialogue
            profile = self.profiles[dialogue.pk]
            pool = []
            for _ in range(self.rng.randint(55, 75)):
                group = _weighted(self.rng, profile.attendee_weights())
                registration = self._registration(dialogue, self._language(profile, group))
                weight = 5 if self.rng.random() < 0.25 else 1
                pool.append(_Person(registration, group, weight))
            for plan in dialogue_plans:
                # A weighted sample without replacement (Efraimidis and Spirakis).
                ranked = sorted(
                    pool, key=lambda person: self.rng.random() ** (1 / person.weight), reverse=True
                )
                plan.attendees = ranked[: self.rng.randint(10, 18)]
            people += pool
        Registration.objects.bulk_create(person.registration for person in people)
        RegistrationDemographics.objects.bulk_create(
            answers for person in people if (answers := self._demographics(person)) is not None
        )
        Attendance.objects.bulk_create(
            Attendance(
                session=plan.session,
                registration=person.registration,
                checked_in_by=self.coordinator,
            )
            for plan in plans
            for person in plan.attendees
        )

    # What was said

    def _theme_weights(self, plan: _Plan) -> dict[str, float]:
        """The neighborhood's themes, with housing growing from a tenth of its weight to more
        than twice it over the year."""
        weights = self.profiles[plan.session.dialogue_id].theme_weights()
        weights[HOUSING] *= 0.1 + 2.2 * plan.month / (SESSIONS_PER_DIALOGUE - 1)
        return weights

    def _pick(self, pool: list[tuple], plan: _Plan, used: set[str]) -> tuple:
        """Something a person at this session might say: a theme of the neighborhood, in the
        language of someone there when there is such a text, else in English."""
        theme = _weighted(self.rng, self._theme_weights(plan))
        language = self.rng.choice(plan.attendees).registration.language
        for wanted in (language, "en", None):
            candidates = [
                entry
                for entry in pool
                if entry[0][0] == theme
                and (wanted is None or entry[1] == wanted)
                and entry[2] not in used
            ]
            if candidates:
                choice = self.rng.choice(candidates)
                used.add(choice[2])
                return choice
        return self.rng.choice(pool)

    def _said_plan(self, plans: list[_Plan], *, without_report: _Plan) -> None:
        """4 to 8 items per session: survey answers, report quotes and action ideas (where
        there is a report), and the rest contributions."""
        for plan in plans:
            used: set[str] = set()
            total = self.rng.randint(4, 8)
            answers = self.rng.choice([0, 1, 1, 2])
            reported = plan is not without_report
            quotes = self.rng.choice([0, 1, 1, 2]) if reported else 0
            ideas = self.rng.choice([0, 1, 1]) if reported else 0
            contributions = max(2, total - answers - quotes - ideas)
            plan.answers = [self._pick(IDEAS, plan, used) for _ in range(answers)]
            plan.ideas = [self._pick(IDEAS, plan, used) for _ in range(ideas)]
            plan.quotes = [self._pick(STATEMENTS, plan, used) for _ in range(quotes)]
            plan.statements = [self._pick(STATEMENTS, plan, used) for _ in range(contributions)]

    # Reports

    def _reports_write(self, plans: list[_Plan]) -> dict[int, SessionReport]:
        """Submitted reports for these sessions. The latest raises a well-being concern that
        nobody has acknowledged yet; one in the middle of the year raised one a coordinator
        acknowledged."""
        plans = sorted(plans, key=lambda plan: plan.session.starts_at)
        concern, acknowledged = plans[-1], plans[len(plans) // 2]
        reports = []
        for plan in plans:
            lead, co = self.facilitators[plan.session.dialogue_id]
            writer = lead if self.rng.random() < 0.7 else co
            submitted_at = min(
                self.now, plan.session.ends_at + timedelta(hours=self.rng.randint(3, 40))
            )
            main = self._main_themes(plan)[0]
            segments = list(range(len(DEMO_GUIDE_SEGMENTS)))
            if self.rng.random() < 0.3:
                segments.remove(self.rng.choice(segments[2:-1]))
            report = SessionReport(
                session=plan.session,
                status=SessionReport.Status.SUBMITTED,
                attendance_count=len(plan.attendees),
                segments_covered=segments,
                agreements=AGREEMENTS[main],
                disagreements=DISAGREEMENTS[main] if self.rng.random() < 0.8 else "",
                no_names_confirmed=True,
                created_by=writer,
                submitted_by=writer,
                submitted_at=submitted_at,
            )
            if plan is concern:
                report.wellbeing_concern = True
                report.wellbeing_note = WELLBEING_NOTE
            elif plan is acknowledged:
                report.wellbeing_concern = True
                report.wellbeing_note = ACKNOWLEDGED_WELLBEING_NOTE
                report.wellbeing_acknowledged_by = self.coordinator
                report.wellbeing_acknowledged_at = submitted_at + timedelta(hours=20)
            reports.append(report)
        reports = SessionReport.objects.bulk_create(reports)
        observed = SessionReport.themes_observed.through
        observed.objects.bulk_create(
            observed(sessionreport_id=report.pk, theme_id=self.themes[slug].pk)
            for report, plan in zip(reports, plans, strict=True)
            for slug in self._main_themes(plan)[:3]
        )
        return {report.session_id: report for report in reports}

    def _main_themes(self, plan: _Plan) -> list[str]:
        said = plan.statements + plan.quotes + plan.ideas + plan.answers
        return [slug for slug, _n in Counter(entry[0][0] for entry in said).most_common()]

    # Feedback items, surveys and themes

    def _where(self, session: Session) -> dict:
        """The where/when fields feedback.services copies from a session."""
        dialogue = session.dialogue
        return {
            "session": session,
            "dialogue": dialogue,
            "neighborhood_id": dialogue.neighborhood_id,
            "program_id": dialogue.program_id,
            "occurred_on": timezone.localtime(session.starts_at, self.zone).date(),
        }

    def _items_write(
        self, plans: list[_Plan], reports: dict[int, SessionReport]
    ) -> list[tuple[FeedbackItem, tuple, _Plan]]:
        """Contributions and report items now; survey answers come with their responses."""
        rows = []
        for plan in plans:
            where = self._where(plan.session)
            report = reports.get(plan.session.pk)
            # Only sessions with a report have quotes and action ideas.
            entries = [
                *((FeedbackItem.Kind.CONTRIBUTION, entry) for entry in plan.statements),
                *((FeedbackItem.Kind.QUOTE, entry) for entry in plan.quotes),
                *((FeedbackItem.Kind.ACTION_IDEA, entry) for entry in plan.ideas),
            ]
            for kind, entry in entries:
                item = FeedbackItem(
                    kind=kind,
                    text=entry[2],
                    language=entry[1],
                    report=report if kind != FeedbackItem.Kind.CONTRIBUTION else None,
                    **where,
                )
                rows.append((item, entry, plan))
        FeedbackItem.objects.bulk_create(item for item, _entry, _plan in rows)
        return rows

    def _surveys_write(self, plans: list[_Plan]) -> list[tuple[FeedbackItem, tuple, _Plan]]:
        """5 to 12 responses per session, each with a receipt for one of its attendees; about
        half of them want to hear back. Returns the answers to "what should the city do?",
        recorded as feedback items."""
        responses, receipts, answer_items = [], [], []
        priorities = []
        for plan in plans:
            hard = self.rng.random() < 0.06
            scores = HARD_SESSION_SCORE_WEIGHTS if hard else SCORE_WEIGHTS
            count = self.rng.randint(5, min(12, len(plan.attendees)))
            respondents = self.rng.sample(plan.attendees, count)
            for index, person in enumerate(respondents):
                answered_at = min(
                    self.now, plan.session.ends_at + timedelta(minutes=self.rng.randint(10, 1800))
                )
                answered_on = timezone.localtime(answered_at, self.zone).date()
                registration = person.registration
                hear_back = self.rng.random() < HEAR_BACK_SHARE
                receipts.append(
                    SurveyReceipt(
                        session=plan.session,
                        submitted_on=answered_on,
                        registration=registration,
                        language=registration.language,
                        hear_back=hear_back,
                        hear_back_email=registration.email if hear_back else "",
                    )
                )
                answer = plan.answers[index] if index < len(plan.answers) else None
                response = SurveyResponse(
                    session=plan.session,
                    language=answer[1] if answer else registration.language,
                    submitted_on=answered_on,
                    felt_heard=_weighted(self.rng, scores),
                    felt_safe=_weighted(self.rng, scores),
                    learned=_weighted(self.rng, scores),
                    come_again=_weighted(self.rng, COME_AGAIN_WEIGHTS),
                    city_should=answer[2] if answer else "",
                )
                responses.append(response)
                themes = set()
                if self.rng.random() < 0.9:
                    themes = {
                        _weighted(self.rng, self._theme_weights(plan))
                        for _ in range(self.rng.randint(1, 3))
                    }
                if answer:
                    themes.add(answer[0][0])
                    answer_items.append((response, answer, plan))
                priorities.append((response, themes))
        SurveyResponse.objects.bulk_create(responses)
        chosen = SurveyResponse.priority_themes.through
        chosen.objects.bulk_create(
            chosen(surveyresponse_id=response.pk, theme_id=self.themes[slug].pk)
            for response, themes in priorities
            for slug in sorted(themes)
        )
        SurveyReceipt.objects.bulk_create(receipts)
        rows = [
            (
                FeedbackItem(
                    kind=FeedbackItem.Kind.SURVEY_ANSWER,
                    text=answer[2],
                    language=answer[1],
                    survey_response=response,
                    **self._where(plan.session),
                ),
                answer,
                plan,
            )
            for response, answer, plan in answer_items
        ]
        FeedbackItem.objects.bulk_create(item for item, _entry, _plan in rows)
        return rows

    def _tags_write(self, items: list) -> None:
        """People confirmed the themes of most items; about 30 recent ones wait in the inbox
        with only keyword suggestions."""
        lists = keyword_lists(theme for theme in self.themes.values() if theme.is_active)
        recent = [
            item
            for item, entry, plan in items
            if plan.month >= SESSIONS_PER_DIALOGUE - 3 and suggestions_for_text(entry[2], lists)
        ]
        untagged = {item.pk for item in self.rng.sample(recent, min(UNTAGGED_ITEMS, len(recent)))}
        tags = []
        for item, entry, plan in items:
            if item.pk in untagged:
                continue
            lead, co = self.facilitators[plan.session.dialogue_id]
            by = self.rng.choice([self.coordinator, self.coordinator, lead, co])
            decided_at = min(
                self.now, plan.session.ends_at + timedelta(days=self.rng.randint(1, 10))
            )
            tags += [
                ThemeTag(
                    item=item,
                    theme=self.themes[slug],
                    status=ThemeTag.Status.CONFIRMED,
                    decided_by=by,
                    decided_at=decided_at,
                )
                for slug in entry[0]
            ]
        ThemeTag.objects.bulk_create(tags)
        theme_suggestions_create(item_ids=sorted(untagged))

    def _quotes_write(self, items: list) -> None:
        """Two quotes per theme, chosen by the coordinator from items confirmed in it: report
        quotes first, newest first, and the second in another language when there is one."""
        confirmed = set(
            ThemeTag.objects.filter(status=ThemeTag.Status.CONFIRMED).values_list(
                "item_id", "theme_id"
            )
        )
        quotable = (FeedbackItem.Kind.QUOTE, FeedbackItem.Kind.CONTRIBUTION)
        candidates = sorted(
            ((item, entry) for item, entry, _plan in items if item.kind in quotable),
            key=lambda pair: (pair[0].kind != FeedbackItem.Kind.QUOTE, -pair[0].pk),
        )
        quotes = []
        for slug, theme in self.themes.items():
            fitting = [
                item
                for item, entry in candidates
                if entry[0][0] == slug and (item.pk, theme.pk) in confirmed
            ]
            if not fitting:
                continue
            first = fitting[0]
            others = [item for item in fitting if item.text != first.text]
            elsewhere = [item for item in others if item.language != first.language]
            chosen = [first, *(elsewhere or others)[: QUOTES_PER_THEME - 1]]
            quotes += [
                RepresentativeQuote(
                    theme=theme,
                    item=item,
                    text=item.text,
                    no_names_confirmed=True,
                    chosen_by=self.coordinator,
                )
                for item in chosen
            ]
        RepresentativeQuote.objects.bulk_create(quotes)


def _timestamps_backdate(program: Program) -> None:
    """Moves the times that inserting stamps as "now" to when things happened: people
    registered (and consented to the demographic questions) a few days before their first
    visit, or before the first session if they never came; they were checked in as it began,
    and what they said was recorded as it ended. One UPDATE per table, however many rows."""
    session = Session.objects.filter(pk=OuterRef("session_id"))
    Attendance.objects.filter(session__dialogue__program=program).update(
        checked_in_at=Subquery(session.values("starts_at")[:1])
    )
    FeedbackItem.objects.filter(program=program).update(
        created_at=Subquery(session.values("ends_at")[:1])
    )
    first_visit = (
        Attendance.objects.filter(registration=OuterRef("pk"))
        .order_by("session__starts_at")
        .values("session__starts_at")[:1]
    )
    first_session = (
        Session.objects.filter(dialogue=OuterRef("dialogue_id"))
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    registered_at = ExpressionWrapper(
        Coalesce(Subquery(first_visit), Subquery(first_session)) - REGISTERED_BEFORE_VISIT,
        output_field=DateTimeField(),
    )
    Registration.objects.filter(dialogue__program=program).update(
        created_at=registered_at, status_changed_at=registered_at
    )
    RegistrationDemographics.objects.filter(registration__dialogue__program=program).update(
        consented_at=Subquery(
            Registration.objects.filter(pk=OuterRef("registration_id")).values("created_at")[:1]
        )
    )
