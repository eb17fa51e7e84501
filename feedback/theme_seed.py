"""The citywide theme taxonomy every installation starts with: the issue areas of Boston's and
Los Angeles's equity work (../shared/domain.md). Names and descriptions are translated through
the catalogs once, when the taxonomy is first seeded; after that they are content that coordinators
edit. Keywords are starting lists per language for suggestions, also editable."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

SEED_THEMES = [
    {
        "slug": "health",
        "name": gettext_noop("Health and well-being"),
        "description": gettext_noop(
            "Health care, mental health, food, clean air and water, and the stress racism puts "
            "on people's bodies."
        ),
        "keywords": {
            "en": ["health", "clinic", "hospital", "doctor", "mental health", "food", "asthma"],
            "es": ["salud", "clínica", "hospital", "médico", "salud mental", "comida"],
            "ht": ["sante", "klinik", "lopital", "doktè", "manje"],
            "pt-br": ["saúde", "clínica", "hospital", "médico", "comida"],
            "fr": ["santé", "clinique", "hôpital", "médecin", "nourriture"],
            "vi": ["sức khỏe", "bệnh viện", "bác sĩ", "phòng khám"],
            "zh-hans": ["健康", "医院", "医生", "诊所"],
            "zh-hant": ["健康", "醫院", "醫生", "診所"],
            "ru": ["здоровье", "больница", "врач", "клиника"],
            "ar": ["صحة", "مستشفى", "طبيب", "عيادة"],
            "so": ["caafimaad", "isbitaal", "dhakhtar"],
            "kea": ["saúdi", "ospital", "médiku"],
        },
    },
    {
        "slug": "housing",
        "name": gettext_noop("Housing and built environment"),
        "description": gettext_noop(
            "Rent, ownership, displacement, repairs, parks and how neighborhoods are built."
        ),
        "keywords": {
            "en": ["housing", "rent", "landlord", "eviction", "apartment", "displacement"],
            "es": ["vivienda", "renta", "alquiler", "casero", "desalojo", "apartamento"],
            "ht": ["lojman", "lwaye", "pwopriyetè", "degèpi", "apatman"],
            "pt-br": ["moradia", "aluguel", "senhorio", "despejo", "apartamento"],
            "fr": ["logement", "loyer", "propriétaire", "expulsion", "appartement"],
            "vi": ["nhà ở", "tiền thuê", "chủ nhà", "đuổi nhà"],
            "zh-hans": ["住房", "房租", "房东", "驱逐"],
            "zh-hant": ["住房", "房租", "房東", "驅逐"],
            "ru": ["жильё", "аренда", "квартира", "выселение"],
            "ar": ["سكن", "إيجار", "مالك", "إخلاء"],
            "so": ["guri", "kiro", "milkiile"],
            "kea": ["kaza", "renda", "dispeju"],
        },
    },
    {
        "slug": "education",
        "name": gettext_noop("Education"),
        "description": gettext_noop(
            "Schools, early childhood, adult learning and fair discipline for students."
        ),
        "keywords": {
            "en": ["school", "teacher", "education", "student", "college", "childcare"],
            "es": ["escuela", "maestro", "educación", "estudiante", "universidad"],
            "ht": ["lekòl", "pwofesè", "edikasyon", "elèv"],
            "pt-br": ["escola", "professor", "educação", "aluno", "faculdade"],
            "fr": ["école", "enseignant", "éducation", "élève", "université"],
            "vi": ["trường", "giáo viên", "giáo dục", "học sinh"],
            "zh-hans": ["学校", "老师", "教育", "学生"],
            "zh-hant": ["學校", "老師", "教育", "學生"],
            "ru": ["школа", "учитель", "образование", "студент"],
            "ar": ["مدرسة", "معلم", "تعليم", "طالب"],
            "so": ["iskuul", "macallin", "waxbarasho", "arday"],
            "kea": ["skola", "prufesor", "idukason"],
        },
    },
    {
        "slug": "economic-opportunity",
        "name": gettext_noop("Economic opportunity and community wealth"),
        "description": gettext_noop(
            "Jobs, wages, small businesses, banking and building wealth that stays in the "
            "community."
        ),
        "keywords": {
            "en": ["job", "jobs", "wage", "business", "income", "loan", "wealth"],
            "es": ["trabajo", "empleo", "salario", "negocio", "ingresos", "préstamo"],
            "ht": ["travay", "salè", "biznis", "lajan"],
            "pt-br": ["trabalho", "emprego", "salário", "negócio", "renda"],
            "fr": ["emploi", "travail", "salaire", "entreprise", "revenu"],
            "vi": ["việc làm", "lương", "kinh doanh", "thu nhập"],
            "zh-hans": ["工作", "工资", "生意", "收入"],
            "zh-hant": ["工作", "工資", "生意", "收入"],
            "ru": ["работа", "зарплата", "бизнес", "доход"],
            "ar": ["عمل", "وظيفة", "أجر", "دخل"],
            "so": ["shaqo", "mushahar", "ganacsi"],
            "kea": ["trabadju", "salariu", "negósiu"],
        },
    },
    {
        "slug": "policing",
        "name": gettext_noop("Policing and the legal system"),
        "description": gettext_noop(
            "Police, courts, jails, reentry and how safety is kept in the neighborhood."
        ),
        "keywords": {
            "en": ["police", "officer", "court", "jail", "arrest", "safety"],
            "es": ["policía", "oficial", "corte", "cárcel", "arresto"],
            "ht": ["polis", "tribinal", "prizon", "arestasyon"],
            "pt-br": ["polícia", "policial", "tribunal", "prisão"],
            "fr": ["police", "policier", "tribunal", "prison", "arrestation"],
            "vi": ["cảnh sát", "tòa án", "nhà tù", "bắt giữ"],
            "zh-hans": ["警察", "法院", "监狱", "逮捕"],
            "zh-hant": ["警察", "法院", "監獄", "逮捕"],
            "ru": ["полиция", "суд", "тюрьма", "арест"],
            "ar": ["شرطة", "محكمة", "سجن", "اعتقال"],
            "so": ["booliis", "maxkamad", "xabsi"],
            "kea": ["pulísia", "tribunal", "kadeia"],
        },
    },
    {
        "slug": "civic-engagement",
        "name": gettext_noop("Justice and civic engagement"),
        "description": gettext_noop(
            "Voting, being heard by City Hall, language access and trust between residents and "
            "government."
        ),
        "keywords": {
            "en": ["vote", "voting", "city hall", "interpreter", "meeting", "trust"],
            "es": ["votar", "alcaldía", "intérprete", "reunión", "confianza"],
            "ht": ["vote", "lameri", "entèprèt", "reyinyon"],
            "pt-br": ["votar", "prefeitura", "intérprete", "reunião", "confiança"],
            "fr": ["voter", "mairie", "interprète", "réunion", "confiance"],
            "vi": ["bỏ phiếu", "tòa thị chính", "thông dịch"],
            "zh-hans": ["投票", "市政府", "翻译", "会议"],
            "zh-hant": ["投票", "市政府", "翻譯", "會議"],
            "ru": ["голосование", "мэрия", "переводчик", "собрание"],
            "ar": ["تصويت", "البلدية", "مترجم", "اجتماع"],
            "so": ["codbixin", "dowladda hoose", "turjumaan"],
            "kea": ["vota", "kamara", "intérpreti"],
        },
    },
    {
        "slug": "procurement",
        "name": gettext_noop("Procurement"),
        "description": gettext_noop(
            "Who wins city contracts, and support for businesses owned by people of color."
        ),
        "keywords": {
            "en": ["contract", "contracts", "procurement", "vendor", "bid"],
            "es": ["contrato", "contratos", "licitación", "proveedor"],
            "ht": ["kontra", "founisè"],
            "pt-br": ["contrato", "licitação", "fornecedor"],
            "fr": ["contrat", "marché public", "fournisseur"],
            "vi": ["hợp đồng", "đấu thầu", "nhà cung cấp"],
            "zh-hans": ["合同", "采购", "投标"],
            "zh-hant": ["合約", "採購", "投標"],
            "ru": ["контракт", "закупки", "поставщик"],
            "ar": ["عقد", "مناقصة", "مورد"],
            "so": ["qandaraas", "iibsi"],
            "kea": ["kontratu", "fornesedor"],
        },
    },
    {
        "slug": "climate-transportation",
        "name": gettext_noop("Climate resilience and transportation"),
        "description": gettext_noop(
            "Buses and trains, streets, heat, flooding and clean energy in every neighborhood."
        ),
        "keywords": {
            "en": ["bus", "train", "transit", "street", "heat", "flood", "climate"],
            "es": ["autobús", "tren", "transporte", "calle", "calor", "inundación", "clima"],
            "ht": ["bis", "tren", "transpò", "lari", "chalè", "inondasyon"],
            "pt-br": ["ônibus", "trem", "transporte", "rua", "calor", "enchente", "clima"],
            "fr": ["bus", "train", "transport", "rue", "chaleur", "inondation", "climat"],
            "vi": ["xe buýt", "tàu", "giao thông", "đường", "ngập"],
            "zh-hans": ["公交", "地铁", "交通", "街道", "洪水", "气候"],
            "zh-hant": ["公車", "地鐵", "交通", "街道", "洪水", "氣候"],
            "ru": ["автобус", "поезд", "транспорт", "улица", "жара", "климат"],
            "ar": ["حافلة", "قطار", "مواصلات", "شارع", "حر", "مناخ"],
            "so": ["bas", "tareen", "gaadiid", "waddo", "kuleyl"],
            "kea": ["otokaru", "transporti", "rua", "kalor"],
        },
    },
]


def seed_theme_values() -> list[dict]:
    """The seed themes with names and descriptions in every configured language the catalogs
    translate; English is always present, so a missing translation falls back visibly."""
    values = []
    for position, seed in enumerate(SEED_THEMES):
        names, descriptions = {}, {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                name = translation.gettext(seed["name"])
                description = translation.gettext(seed["description"])
            if code == settings.LANGUAGE_CODE or name != seed["name"]:
                names[code] = name
            if code == settings.LANGUAGE_CODE or description != seed["description"]:
                descriptions[code] = description
        values.append(
            {
                "slug": seed["slug"],
                "name": names,
                "description": descriptions,
                "keywords": seed["keywords"],
                "position": position,
            }
        )
    return values


def theme_taxonomy_seed(*, using: str = "default") -> int:
    """Creates the seed themes when there are no themes at all: on a new installation, and in
    a test database that was flushed. Returns how many were created."""
    from feedback.models import Theme

    if Theme.objects.using(using).exists():
        return 0
    Theme.objects.using(using).bulk_create([Theme(**values) for values in seed_theme_values()])
    return len(SEED_THEMES)
