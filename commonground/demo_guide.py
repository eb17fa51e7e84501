"""The demo's discussion guide: a two-hour neighborhood race dialogue, complete in every
language the city offers, with notes for facilitators in English and Spanish.

Segments follow a session's shape: welcome, agreements, a priming question, a story-sharing
go-round (about 2 minutes a person), silent reflection, curiosity questions, action ideas and
a closing round of about 1 minute each; 120 minutes in all.
"""

# Text in Chinese, Russian and other scripts uses that script's own punctuation and letters.
# ruff: noqa: RUF001

from dialogues.models import GuideSegment

DEMO_GUIDE_NAME = {
    "en": "Neighborhood race dialogue: two-hour session",
    "es": "Diálogo vecinal sobre raza: sesión de dos horas",
    "ht": "Dyalòg sou ras nan katye a: sesyon de èdtan",
    "zh-hans": "社区种族对话：两小时活动",
    "zh-hant": "社區種族對話：兩小時活動",
    "vi": "Đối thoại về chủng tộc trong khu phố: buổi hai giờ",
    "kea": "Diálogu sobri rasa na bairu: sesãu di dôs ora",
    "pt-br": "Diálogo sobre raça no bairro: sessão de duas horas",
    "ru": "Разговор о расе в нашем районе: встреча на два часа",
    "ar": "حوار الحي حول العِرق: جلسة مدتها ساعتان",
    "so": "Wadahadal xaafadeed oo ku saabsan isirka: kulan laba saacadood ah",
    "fr": "Dialogue de quartier sur les questions raciales : séance de deux heures",
}


DEMO_GUIDE_SEGMENTS = [
    {
        "kind": GuideSegment.Kind.WELCOME,
        "duration_minutes": 10,
        "title": {
            "en": "Welcome and introductions",
            "es": "Bienvenida y presentaciones",
            "ht": "Byenveni ak prezantasyon",
            "zh-hans": "欢迎与自我介绍",
            "zh-hant": "歡迎與自我介紹",
            "vi": "Chào mừng và giới thiệu",
            "kea": "Bem-vindu i aprezentason",
            "pt-br": "Boas-vindas e apresentações",
            "ru": "Приветствие и знакомство",
            "ar": "الترحيب والتعارف",
            "so": "Soo dhaweyn iyo is-barasho",
            "fr": "Accueil et présentations",
        },
        "prompt": {
            "en": (
                "Welcome, and thank you for being here. Tonight we will listen to one another's "
                "experiences of race in our neighborhood. Please tell us your first name, the "
                "neighborhood where you live or work, and what brought you here tonight."
            ),
            "es": (
                "Bienvenidos y gracias por estar aquí. Esta noche vamos a escuchar las "
                "experiencias de cada uno con la raza en nuestro barrio. Por favor, díganos su "
                "nombre, el barrio donde vive o trabaja y qué le trajo aquí esta noche."
            ),
            "ht": (
                "Byenveni, e mèsi paske nou la. Aswè a, nou pral koute eksperyans chak moun genyen "
                "ak ras nan katye nou an. Tanpri di nou premye non ou, katye kote w rete oswa "
                "travay, ak sa ki fè w vini aswè a."
            ),
            "zh-hans": (
                "欢迎大家，感谢各位的到来。今晚我们将倾听彼此在社区中与种族有关的经历。请告诉我们您"
                "的名字、您居住或工作的社区，以及您今晚来这里的原因。"
            ),
            "zh-hant": (
                "歡迎大家，感謝各位的到來。今晚我們將傾聽彼此在社區中與種族有關的經歷。請告訴我們您"
                "的名字、您居住或工作的社區，以及您今晚來這裡的原因。"
            ),
            "vi": (
                "Chào mừng quý vị và cảm ơn quý vị đã đến. Tối nay chúng ta sẽ lắng nghe trải "
                "nghiệm của nhau về chủng tộc trong khu phố của mình. Xin cho biết tên của quý vị, "
                "khu phố nơi quý vị sống hoặc làm việc, và điều gì đã đưa quý vị đến đây tối nay."
            ),
            "kea": (
                "Bem-vindu, i obrigadu pa nhos sta li. Es noti nu ta bai obi kes speriénsia ki "
                "kada un ten ku rasa na nos bairu. Pur favor, fla-nu bu nómi, bairu undi bu ta "
                "mora o ta trabadja, i kuzê ki traze-u li es noti."
            ),
            "pt-br": (
                "Sejam bem-vindos, e obrigado por estarem aqui. Esta noite vamos ouvir as "
                "experiências uns dos outros com a questão racial no nosso bairro. Por favor, diga "
                "seu primeiro nome, o bairro onde você mora ou trabalha e o que trouxe você aqui "
                "esta noite."
            ),
            "ru": (
                "Добро пожаловать, и спасибо, что пришли. Сегодня мы будем слушать, как каждый из "
                "нас сталкивался с вопросами расы в нашем районе. Пожалуйста, назовите своё имя, "
                "район, где вы живёте или работаете, и расскажите, что привело вас сюда сегодня."
            ),
            "ar": (
                "أهلاً وسهلاً بكم، وشكراً لحضوركم. سنستمع الليلة إلى تجارب بعضنا البعض مع العِرق "
                "في حيّنا. من فضلك أخبرنا باسمك الأول، والحي الذي تسكن أو تعمل فيه، وما الذي جاء "
                "بك إلى هنا الليلة."
            ),
            "so": (
                "Ku soo dhawaada, waad ku mahadsan tihiin imaanshihiinna. Caawa waxaan dhegaysan "
                "doonnaa waayo-aragnimada midba midka kale u leeyahay isirka ee xaafaddeenna. "
                "Fadlan noo sheeg magacaaga koowaad, xaafadda aad ku nooshahay ama ka shaqayso, "
                "iyo waxa caawa halkan ku keenay."
            ),
            "fr": (
                "Bienvenue, et merci d'être là. Ce soir, nous allons écouter les expériences de "
                "chacun en lien avec la race dans notre quartier. Dites-nous votre prénom, le "
                "quartier où vous vivez ou travaillez, et ce qui vous amène ici ce soir."
            ),
        },
        "facilitator_notes": {
            "en": (
                "Start on time and greet people at the door. Introduce yourself, your "
                "co-facilitator and, if present, the interpreters and the recorder; explain how "
                "interpretation works. Say that the recorder notes themes, agreements, "
                "disagreements and action ideas, and that we will not identify anyone by name "
                "unless they want us to. Point out the restrooms, childcare and the quiet room. "
                "Model a short introduction yourself (about 30 seconds)."
            ),
            "es": (
                "Empiece a tiempo y reciba a la gente en la puerta. Preséntese usted, a su "
                "cofacilitador y, si están presentes, a los intérpretes y a quien toma notas; "
                "explique cómo funciona la interpretación. Diga que se anotan los temas, los "
                "acuerdos, los desacuerdos y las ideas para actuar, y que no identificaremos a "
                "nadie por su nombre a menos que lo desee. Indique dónde están los baños, el "
                "cuidado de niños y la sala tranquila. Dé el ejemplo con una presentación breve "
                "(unos 30 segundos)."
            ),
        },
    },
    {
        "kind": GuideSegment.Kind.AGREEMENTS,
        "duration_minutes": 10,
        "title": {
            "en": "Our agreements",
            "es": "Nuestros acuerdos",
            "ht": "Akò nou yo",
            "zh-hans": "我们的约定",
            "zh-hant": "我們的約定",
            "vi": "Những thỏa thuận của chúng ta",
            "kea": "Nos kombinason",
            "pt-br": "Nossos combinados",
            "ru": "Наши договорённости",
            "ar": "اتفاقاتنا",
            "so": "Heshiisyadeenna",
            "fr": "Nos engagements",
        },
        "prompt": {
            "en": (
                "Before we begin, let's agree on how we will talk together. One person speaks at a "
                "time. You may pass. Stories stay here; learning goes with us. Speak for yourself, "
                "not for a whole group. Would anyone like to add something? Can we all agree?"
            ),
            "es": (
                "Antes de empezar, pongámonos de acuerdo sobre cómo vamos a conversar. Habla una "
                "persona a la vez. Puede pasar su turno. Las historias se quedan aquí; lo "
                "aprendido se va con nosotros. Hable por usted mismo, no por todo un grupo. "
                "¿Alguien quiere agregar algo? ¿Estamos todos de acuerdo?"
            ),
            "ht": (
                "Anvan nou kòmanse, ann mete nou dakò sou fason n ap pale ansanm. Yon sèl moun "
                "pale alafwa. Ou gen dwa pase tou pa w. Istwa yo rete isit la; sa nou aprann ale "
                "avè nou. Pale pou tèt ou, pa pou tout yon gwoup. Èske gen yon moun ki vle ajoute "
                "yon bagay? Èske nou tout dakò?"
            ),
            "zh-hans": (
                "开始之前，我们先约定一起交谈的方式：一次只有一个人发言。您可以选择不发言。故事留在"
                "这里，收获带回去。只代表自己发言，不代表整个群体。有人想补充吗？大家都同意吗？"
            ),
            "zh-hant": (
                "開始之前，我們先約定一起交談的方式：一次只有一個人發言。您可以選擇不發言。故事留在"
                "這裡，收穫帶回去。只代表自己發言，不代表整個群體。有人想補充嗎？大家都同意嗎？"
            ),
            "vi": (
                "Trước khi bắt đầu, chúng ta hãy thống nhất cách trò chuyện với nhau. Mỗi lần chỉ "
                "một người nói. Quý vị có thể bỏ lượt. Câu chuyện ở lại đây; điều học được thì "
                "mang theo. Hãy nói cho chính mình, không nói thay cho cả một nhóm. Có ai muốn bổ "
                "sung điều gì không? Tất cả chúng ta đồng ý chứ?"
            ),
            "kea": (
                "Antis di nu kumesa, nu kombina modi ki nu ta papia djuntu. Un pesoa ta papia di "
                "kada bês. Bu pode pasa bu vês. Stórias ta fika li; kuzas ki nu prende ta bai ku "
                "nos. Papia pa bo mésmu, ka pa un grupu interu. Ten algen ki kre djunta algun "
                "kuza? Nu sta tudu di akordu?"
            ),
            "pt-br": (
                "Antes de começar, vamos combinar como vamos conversar. Uma pessoa fala de cada "
                "vez. Você pode passar a vez. As histórias ficam aqui; o aprendizado vai com a "
                "gente. Fale por você, não por um grupo inteiro. Alguém quer acrescentar algo? "
                "Todos concordam?"
            ),
            "ru": (
                "Прежде чем начать, давайте договоримся, как мы будем разговаривать. Говорит один "
                "человек за раз. Вы можете пропустить свою очередь. Истории остаются здесь, а то, "
                "чему мы научились, уходит с нами. Говорите от своего имени, а не от имени целой "
                "группы. Хочет ли кто-нибудь что-то добавить? Все согласны?"
            ),
            "ar": (
                "قبل أن نبدأ، لنتفق على طريقة حديثنا معاً. يتحدث شخص واحد في كل مرة. يمكنك أن "
                "تتخطى دورك. القصص تبقى هنا، والتعلّم يخرج معنا. تحدّث عن نفسك، لا باسم مجموعة "
                "كاملة. هل يودّ أحد أن يضيف شيئاً؟ هل نتفق جميعاً؟"
            ),
            "so": (
                "Intaynaan bilaabin, aan ku heshiinno sida aan u wada hadli doonno. Hal qof ayaa "
                "hadla markiiba. Waad ka gudbi kartaa doorkaaga. Sheekooyinku halkan ayay ku "
                "hadhayaan; waxbarashaduna way nala socotaa. Naftaada u hadal, ha u hadlin koox "
                "dhan. Ma jiraa qof doonaya inuu wax ku daro? Ma wada aqbalnay?"
            ),
            "fr": (
                "Avant de commencer, mettons-nous d'accord sur la façon dont nous allons parler "
                "ensemble. Une seule personne parle à la fois. Vous pouvez passer votre tour. Les "
                "histoires restent ici ; ce que nous apprenons repart avec nous. Parlez en votre "
                "nom, pas au nom de tout un groupe. Quelqu'un veut-il ajouter quelque chose ? "
                "Sommes-nous tous d'accord ?"
            ),
        },
        "facilitator_notes": {
            "en": (
                "Read each agreement aloud and give an example of what it means. Ask whether "
                "anyone wants to add an agreement, and write additions on the easel. Ask everyone "
                "for a visible sign of agreement (a nod or a raised hand). Remind the group that "
                "passing is always allowed and needs no explanation."
            ),
            "es": (
                "Lea cada acuerdo en voz alta y dé un ejemplo de lo que significa. Pregunte si "
                "alguien quiere agregar un acuerdo y escríbalo en el papelógrafo. Pida a todos una "
                "señal visible de acuerdo (asentir con la cabeza o levantar la mano). Recuerde que "
                "siempre se puede pasar el turno sin dar explicaciones."
            ),
        },
    },
    {
        "kind": GuideSegment.Kind.PRIMING,
        "duration_minutes": 15,
        "title": {
            "en": "When did you first notice race?",
            "es": "¿Cuándo notó la raza por primera vez?",
            "ht": "Ki lè ou te remake ras pou premye fwa?",
            "zh-hans": "您第一次意识到种族是什么时候？",
            "zh-hant": "您第一次意識到種族是什麼時候？",
            "vi": "Lần đầu quý vị nhận ra chủng tộc là khi nào?",
            "kea": "Kantu ki bu nota rasa pa purmeru bês?",
            "pt-br": "Quando você percebeu a raça pela primeira vez?",
            "ru": "Когда вы впервые заметили расу?",
            "ar": "متى لاحظت العِرق لأول مرة؟",
            "so": "Goorma ayaad markii ugu horreysay dareentay isirka?",
            "fr": "Quand avez-vous remarqué la race pour la première fois ?",
        },
        "prompt": {
            "en": (
                "Think back to when you first became aware of race, your own or someone else's. "
                "What do you remember about that moment? Let's take a minute of silence before "
                "anyone speaks."
            ),
            "es": (
                "Piense en la primera vez que tomó conciencia de la raza, la suya o la de otra "
                "persona. ¿Qué recuerda de ese momento? Tomemos un minuto de silencio antes de que "
                "alguien hable."
            ),
            "ht": (
                "Sonje premye fwa ou te vin konnen ras egziste, pa w oswa pa yon lòt moun. Kisa ou "
                "sonje de moman sa a? Ann pran yon minit silans anvan pèsonn pale."
            ),
            "zh-hans": (
                "回想一下您第一次意识到种族的时候，无论是您自己的还是别人的。关于那一刻，您记得什么"
                "？在有人发言之前，我们先安静一分钟。"
            ),
            "zh-hant": (
                "回想一下您第一次意識到種族的時候，無論是您自己的還是別人的。關於那一刻，您記得什麼"
                "？在有人發言之前，我們先安靜一分鐘。"
            ),
            "vi": (
                "Hãy nhớ lại lần đầu tiên quý vị nhận thức về chủng tộc, của chính mình hay của "
                "người khác. Quý vị nhớ gì về khoảnh khắc đó? Chúng ta hãy im lặng một phút trước "
                "khi có ai lên tiếng."
            ),
            "kea": (
                "Lembra di purmeru bês ki bu da konta di rasa, di bo o di otu algen. Kuzê ki bu ta "
                "lembra di kel momentu la? Nu fika un minutu na siléns antis di algen papia."
            ),
            "pt-br": (
                "Lembre-se da primeira vez em que você se deu conta da raça, a sua ou a de outra "
                "pessoa. O que você lembra desse momento? Vamos fazer um minuto de silêncio antes "
                "que alguém fale."
            ),
            "ru": (
                "Вспомните, когда вы впервые осознали расу — свою или чужую. Что вы помните о том "
                "моменте? Давайте помолчим минуту, прежде чем кто-то начнёт говорить."
            ),
            "ar": (
                "تذكّر أول مرة أدركت فيها العِرق، عِرقك أو عِرق شخص آخر. ماذا تتذكر عن تلك اللحظة؟ "
                "لنصمت دقيقة واحدة قبل أن يتحدث أحد."
            ),
            "so": (
                "Xusuuso markii ugu horreysay ee aad ogaatay isirka, kaaga ama ka qof kale. Maxaad "
                "ka xusuusataa daqiiqadaas? Aan aamusno hal daqiiqo inta aanu qofna hadlin."
            ),
            "fr": (
                "Repensez à la première fois où vous avez pris conscience de la race, la vôtre ou "
                "celle de quelqu'un d'autre. Que vous rappelez-vous de ce moment ? Prenons une "
                "minute de silence avant que quelqu'un ne parle."
            ),
        },
        "facilitator_notes": {
            "en": (
                "Give a full minute of silence before anyone answers. This question warms the "
                "group up and reminds everyone that we all carry assumptions we learned early in "
                "life. Do not correct or debate answers; thank each speaker. If someone shares "
                "something painful, acknowledge it briefly before moving on."
            ),
            "es": (
                "Deje un minuto completo de silencio antes de que alguien responda. Esta pregunta "
                "prepara al grupo y nos recuerda que todos llevamos ideas que aprendimos desde "
                "pequeños. No corrija ni debata las respuestas; agradezca a cada persona. Si "
                "alguien comparte algo doloroso, reconózcalo brevemente antes de seguir."
            ),
        },
    },
    {
        "kind": GuideSegment.Kind.GO_ROUND,
        "duration_minutes": 35,
        "title": {
            "en": "Story-sharing go-round",
            "es": "Ronda para compartir historias",
            "ht": "Tou pou pataje istwa",
            "zh-hans": "轮流分享故事",
            "zh-hant": "輪流分享故事",
            "vi": "Vòng chia sẻ câu chuyện",
            "kea": "Roda pa partidja stória",
            "pt-br": "Rodada de histórias",
            "ru": "Круг историй",
            "ar": "جولة تبادل القصص",
            "so": "Wareegga sheekooyinka",
            "fr": "Tour de partage d'histoires",
        },
        "prompt": {
            "en": (
                "Tell us about a time when race shaped your experience here: at school, at work, "
                "on the street or with a city service. Each person has about two minutes, and we "
                "will pause between speakers. Please listen without interrupting."
            ),
            "es": (
                "Cuéntenos de una ocasión en que la raza marcó su experiencia aquí: en la escuela, "
                "en el trabajo, en la calle o con un servicio de la ciudad. Cada persona tiene "
                "unos dos minutos, y haremos una pausa entre una persona y otra. Por favor, "
                "escuche sin interrumpir."
            ),
            "ht": (
                "Rakonte nou yon fwa kote ras te fè eksperyans ou diferan isit la: lekòl, nan "
                "travay, nan lari oswa ak yon sèvis vil la. Chak moun gen apeprè de minit, e n ap "
                "pran yon ti poz ant chak moun. Tanpri koute san w pa koupe moun lan lapawòl."
            ),
            "zh-hans": (
                "请分享一次种族影响了您在这里的经历：在学校、工作场所、街头，或在使用市政服务时。每"
                "人大约两分钟，两位发言者之间我们会稍作停顿。请专心倾听，不要打断。"
            ),
            "zh-hant": (
                "請分享一次種族影響了您在這裡的經歷：在學校、工作場所、街頭，或在使用市政服務時。每"
                "人大約兩分鐘，兩位發言者之間我們會稍作停頓。請專心傾聽，不要打斷。"
            ),
            "vi": (
                "Hãy kể cho chúng tôi về một lần chủng tộc đã ảnh hưởng đến trải nghiệm của quý vị "
                "ở đây: ở trường, nơi làm việc, ngoài đường hoặc khi dùng một dịch vụ của thành "
                "phố. Mỗi người có khoảng hai phút, và chúng ta sẽ dừng một chút giữa các người "
                "nói. Xin lắng nghe và đừng ngắt lời."
            ),
            "kea": (
                "Konta-nu di un bês ki rasa muda bu speriénsia li: na skola, na trabadju, na rua o "
                "ku un sirvisu di sidadi. Kada pesoa ten más o menus dôs minutu, i nu ta faze un "
                "pauza entri kada pesoa. Pur favor, obi sen korta algen."
            ),
            "pt-br": (
                "Conte sobre uma vez em que a raça marcou a sua experiência aqui: na escola, no "
                "trabalho, na rua ou com um serviço da prefeitura. Cada pessoa tem cerca de dois "
                "minutos, e faremos uma pausa entre uma pessoa e outra. Por favor, ouça sem "
                "interromper."
            ),
            "ru": (
                "Расскажите о случае, когда раса повлияла на ваш опыт здесь: в школе, на работе, "
                "на улице или в городской службе. У каждого примерно две минуты, и между "
                "выступлениями мы будем делать короткую паузу. Пожалуйста, слушайте, не перебивая."
            ),
            "ar": (
                "حدّثنا عن موقف أثّر فيه العِرق على تجربتك هنا: في المدرسة أو العمل أو الشارع أو "
                "مع إحدى خدمات المدينة. لكل شخص دقيقتان تقريباً، وسنتوقف لحظة بين كل متحدث وآخر. "
                "من فضلك استمع دون مقاطعة."
            ),
            "so": (
                "Noo sheeg mar uu isirku saameyn ku yeeshay waayo-aragnimadaada halkan: dugsiga, "
                "shaqada, waddada ama adeeg magaalada ah. Qof kastaa wuxuu leeyahay ilaa laba "
                "daqiiqo, waxaanan hakad yar samayn doonnaa inta u dhaxaysa hadlayaasha. Fadlan "
                "dhegayso adigoon qofna hadalka ka goynin."
            ),
            "fr": (
                "Racontez-nous une fois où la race a marqué votre expérience ici : à l'école, au "
                "travail, dans la rue ou avec un service de la ville. Chaque personne a environ "
                "deux minutes, et nous ferons une pause entre chaque intervention. Merci d'écouter "
                "sans interrompre."
            ),
        },
        "facilitator_notes": {
            "en": (
                "Go around the circle in order; each person has about 2 minutes, with a short "
                "pause between speakers. Use the timer and a gentle signal when time is nearly up. "
                "Anyone who passes may speak at the end. Allow no cross-talk or replies during the "
                "go-round. Note themes silently for the reflection. With more than 12 people, "
                "split into two circles with one facilitator each."
            ),
            "es": (
                "Recorra el círculo en orden; cada persona tiene unos 2 minutos, con una breve "
                "pausa entre una y otra. Use el temporizador y una señal suave cuando el tiempo "
                "esté por terminar. Quien pase su turno puede hablar al final. No permita "
                "comentarios ni respuestas durante la ronda. Anote los temas en silencio para la "
                "reflexión. Si hay más de 12 personas, forme dos círculos con un facilitador cada "
                "uno."
            ),
        },
    },
    {
        "kind": GuideSegment.Kind.REFLECTION,
        "duration_minutes": 15,
        "title": {
            "en": "Silent reflection",
            "es": "Reflexión en silencio",
            "ht": "Refleksyon an silans",
            "zh-hans": "静默反思",
            "zh-hant": "靜默反思",
            "vi": "Suy ngẫm trong im lặng",
            "kea": "Refleson na siléns",
            "pt-br": "Reflexão em silêncio",
            "ru": "Размышление в тишине",
            "ar": "تأمّل في صمت",
            "so": "Ka fikir aamusnaan",
            "fr": "Réflexion en silence",
        },
        "prompt": {
            "en": (
                "Let's take two minutes of silence to think about what we have heard. Then: what "
                "struck you in tonight's stories? What did you hear that was new to you?"
            ),
            "es": (
                "Tomemos dos minutos de silencio para pensar en lo que hemos escuchado. Luego: "
                "¿qué le llamó la atención de las historias de esta noche? ¿Qué escuchó que era "
                "nuevo para usted?"
            ),
            "ht": (
                "Ann pran de minit silans pou n reflechi sou sa nou tande. Apre sa: kisa ki te "
                "frape w nan istwa aswè a? Kisa ou tande ki te nouvo pou ou?"
            ),
            "zh-hans": (
                "让我们安静两分钟，想一想我们听到的内容。然后请分享：今晚的故事中，什么让您印象深刻"
                "？您听到了哪些对您来说是新的东西？"
            ),
            "zh-hant": (
                "讓我們安靜兩分鐘，想一想我們聽到的內容。然後請分享：今晚的故事中，什麼讓您印象深刻"
                "？您聽到了哪些對您來說是新的東西？"
            ),
            "vi": (
                "Chúng ta hãy im lặng hai phút để suy ngẫm về những gì đã nghe. Sau đó: điều gì "
                "trong các câu chuyện tối nay khiến quý vị chú ý? Quý vị đã nghe điều gì mới mẻ "
                "với mình?"
            ),
            "kea": (
                "Nu fika dôs minutu na siléns pa nu pensa na kuzê ki nu obi. Dipôs: kuzê ki "
                "toka-bu más na stórias di es noti? Kuzê ki bu obi ki éra novu pa bo?"
            ),
            "pt-br": (
                "Vamos fazer dois minutos de silêncio para pensar no que ouvimos. Depois: o que "
                "chamou sua atenção nas histórias desta noite? O que você ouviu que era novo para "
                "você?"
            ),
            "ru": (
                "Давайте помолчим две минуты и подумаем о том, что мы услышали. Затем: что вас "
                "поразило в сегодняшних историях? Что нового вы услышали?"
            ),
            "ar": (
                "لنصمت دقيقتين ونفكر فيما سمعناه. ثم: ما الذي لفت انتباهك في قصص الليلة؟ ما الذي "
                "سمعته وكان جديداً عليك؟"
            ),
            "so": (
                "Aan aamusno laba daqiiqo si aan uga fikirno waxa aan maqalnay. Kadib: maxaa "
                "sheekooyinka caawa kaaga soo jiitay? Maxaad maqashay oo kuu cusbaa?"
            ),
            "fr": (
                "Prenons deux minutes de silence pour réfléchir à ce que nous avons entendu. "
                "Ensuite : qu'est-ce qui vous a frappé dans les histoires de ce soir ? "
                "Qu'avez-vous entendu de nouveau pour vous ?"
            ),
        },
        "facilitator_notes": {
            "en": (
                "Keep the silence for the full 2 minutes; it feels long, but it matters. Invite "
                "answers without requiring them. Encourage people to speak about what they heard "
                "rather than repeat their own story. Watch for anyone who seems upset, and check "
                "in with them quietly during the break or afterwards."
            ),
            "es": (
                "Mantenga el silencio los 2 minutos completos: parece largo, pero importa. Invite "
                "a responder sin obligar a nadie. Anime a la gente a hablar de lo que escuchó, no "
                "a repetir su propia historia. Esté atento a quien parezca afectado y hable con "
                "esa persona en privado durante la pausa o al final."
            ),
        },
    },
    {
        "kind": GuideSegment.Kind.CURIOSITY,
        "duration_minutes": 15,
        "title": {
            "en": "Curiosity questions",
            "es": "Preguntas por curiosidad",
            "ht": "Kesyon pa kiryozite",
            "zh-hans": "好奇提问",
            "zh-hant": "好奇提問",
            "vi": "Câu hỏi tò mò",
            "kea": "Pergunta di kuriozidadi",
            "pt-br": "Perguntas de curiosidade",
            "ru": "Вопросы из любопытства",
            "ar": "أسئلة بدافع الفضول",
            "so": "Su'aalo xiise leh",
            "fr": "Questions de curiosité",
        },
        "prompt": {
            "en": (
                "Now you may ask one another questions, to understand, not to argue. Ask about "
                "something someone said that you would like to understand better, for example: "
                '"What was that like for you?"'
            ),
            "es": (
                "Ahora pueden hacerse preguntas unos a otros, para entender, no para discutir. "
                "Pregunte sobre algo que alguien dijo y que le gustaría entender mejor, por "
                "ejemplo: «¿Cómo fue eso para usted?»"
            ),
            "ht": (
                "Kounye a nou ka poze youn lòt kesyon, pou nou konprann, pa pou nou diskite. Poze "
                "kesyon sou yon bagay yon moun di ou ta renmen konprann pi byen, pa egzanp: "
                "«Kouman sa te ye pou ou?»"
            ),
            "zh-hans": (
                "现在大家可以互相提问，目的是理解，而不是争论。针对某人说过的、您想更深入了解的内容"
                "提问，例如：“那对您来说是什么感受？”"
            ),
            "zh-hant": (
                "現在大家可以互相提問，目的是理解，而不是爭論。針對某人說過的、您想更深入了解的內容"
                "提問，例如：「那對您來說是什麼感受？」"
            ),
            "vi": (
                "Bây giờ quý vị có thể đặt câu hỏi cho nhau, để hiểu chứ không phải để tranh luận. "
                "Hãy hỏi về điều ai đó đã nói mà quý vị muốn hiểu rõ hơn, ví dụ: “Lúc đó quý vị "
                "cảm thấy thế nào?”"
            ),
            "kea": (
                "Gosi nhos pode faze pergunta unz pa otus, pa nu intende, ka pa nu diskuti. "
                "Pergunta sobri algun kuza ki algen fla ki bu kre intende midjor, pur izemplu: "
                "«Modi ki kel-la éra pa bo?»"
            ),
            "pt-br": (
                "Agora vocês podem fazer perguntas uns aos outros, para entender, não para "
                "discutir. Pergunte sobre algo que alguém disse e que você gostaria de entender "
                "melhor, por exemplo: “Como foi isso para você?”"
            ),
            "ru": (
                "Теперь можно задавать друг другу вопросы — чтобы понять, а не чтобы спорить. "
                "Спросите о том, что кто-то сказал и что вам хотелось бы понять лучше, например: "
                "«Каково вам было тогда?»"
            ),
            "ar": (
                "يمكنكم الآن أن تطرحوا الأسئلة على بعضكم، بهدف الفهم لا الجدال. اسأل عن شيء قاله "
                "أحدهم وتودّ أن تفهمه بشكل أفضل، مثلاً: «كيف كان ذلك بالنسبة إليك؟»"
            ),
            "so": (
                "Hadda waxaad isweydiin kartaan su'aalo, si aad u fahantaan, ee ma aha inaad ku "
                "doodaan. Wax ka weydii wax uu qof sheegay oo aad jeclaan lahayd inaad si fiican u "
                "fahanto, tusaale ahaan: «Sidee bay kuula ahayd?»"
            ),
            "fr": (
                "Vous pouvez maintenant vous poser des questions les uns aux autres, pour "
                "comprendre et non pour débattre. Posez une question sur quelque chose qu'une "
                "personne a dit et que vous aimeriez mieux comprendre, par exemple : « Comment "
                "l'avez-vous vécu ? »"
            ),
        },
        "facilitator_notes": {
            "en": (
                "About 15 minutes. Remind the group that curiosity questions seek understanding, "
                "not debate. If a question sounds like an argument, ask the person to rephrase it "
                "as a question about experience. Anyone who is asked a question may choose not to "
                "answer."
            ),
            "es": (
                "Unos 15 minutos. Recuerde al grupo que las preguntas por curiosidad buscan "
                "entender, no debatir. Si una pregunta suena a discusión, pida a la persona que la "
                "reformule como una pregunta sobre la experiencia. Quien recibe una pregunta puede "
                "decidir no responderla."
            ),
        },
    },
    {
        "kind": GuideSegment.Kind.ACTION_IDEAS,
        "duration_minutes": 12,
        "title": {
            "en": "Action ideas",
            "es": "Ideas para actuar",
            "ht": "Ide pou aji",
            "zh-hans": "行动想法",
            "zh-hant": "行動想法",
            "vi": "Ý tưởng hành động",
            "kea": "Ideia pa nu djobe suluson",
            "pt-br": "Ideias de ação",
            "ru": "Идеи для действий",
            "ar": "أفكار للعمل",
            "so": "Fikrado ficil",
            "fr": "Idées d'action",
        },
        "prompt": {
            "en": (
                "What could we do, as neighbors or as a city, to make things fairer here? Share "
                "one idea: something you could do yourself, or something you would ask the city to "
                "do."
            ),
            "es": (
                "¿Qué podríamos hacer, como vecinos o como ciudad, para que las cosas sean más "
                "justas aquí? Comparta una idea: algo que usted mismo podría hacer, o algo que le "
                "pediría a la ciudad."
            ),
            "ht": (
                "Kisa nou ta ka fè, antanke vwazen oswa antanke vil, pou bagay yo vin pi jis isit "
                "la? Pataje yon ide: yon bagay ou menm ou ta ka fè, oswa yon bagay ou ta mande vil "
                "la fè."
            ),
            "zh-hans": (
                "作为邻居或作为一座城市，我们可以做些什么，让这里更加公平？请分享一个想法：您自己可"
                "以做的事，或您希望市政府去做的事。"
            ),
            "zh-hant": (
                "作為鄰居或作為一座城市，我們可以做些什麼，讓這裡更加公平？請分享一個想法：您自己可"
                "以做的事，或您希望市政府去做的事。"
            ),
            "vi": (
                "Là hàng xóm hay là một thành phố, chúng ta có thể làm gì để mọi thứ ở đây công "
                "bằng hơn? Hãy chia sẻ một ý tưởng: điều quý vị có thể tự làm, hoặc điều quý vị "
                "muốn đề nghị thành phố làm."
            ),
            "kea": (
                "Kuzê ki nu pode faze, suma vizinhu o suma sidadi, pa kuzas fika más justu li? "
                "Partidja un ideia: algun kuza ki bo bu pode faze, o algun kuza ki bu ta pidi "
                "sidadi pa faze."
            ),
            "pt-br": (
                "O que poderíamos fazer, como vizinhos ou como cidade, para tornar as coisas mais "
                "justas aqui? Compartilhe uma ideia: algo que você mesmo poderia fazer, ou algo "
                "que pediria à prefeitura."
            ),
            "ru": (
                "Что мы могли бы сделать — как соседи или как город, — чтобы здесь стало "
                "справедливее? Поделитесь одной идеей: тем, что вы могли бы сделать сами, или тем, "
                "о чём вы попросили бы город."
            ),
            "ar": (
                "ماذا يمكننا أن نفعل، كجيران أو كمدينة، لنجعل الأمور أكثر عدلاً هنا؟ شارك فكرة "
                "واحدة: شيئاً يمكنك فعله بنفسك، أو شيئاً تطلب من المدينة أن تفعله."
            ),
            "so": (
                "Maxaan samayn karnaa, annagoo deris ah ama magaalo ahaan, si arrimuhu halkan uga "
                "noqdaan kuwo cadaalad badan? La wadaag hal fikrad: wax adigu samayn kartid, ama "
                "wax aad ka codsan lahayd magaalada."
            ),
            "fr": (
                "Que pourrions-nous faire, en tant que voisins ou en tant que ville, pour rendre "
                "les choses plus justes ici ? Partagez une idée : quelque chose que vous pourriez "
                "faire vous-même, ou quelque chose que vous demanderiez à la ville."
            ),
        },
        "facilitator_notes": {
            "en": (
                "Write each idea on the easel in the speaker's own words. Do not evaluate ideas "
                "now. Tell the group that the city will send participants a summary of the themes "
                "and action ideas, and of what it did with them, within about 10 days."
            ),
            "es": (
                "Escriba cada idea en el papelógrafo con las palabras de quien la dice. No evalúe "
                "las ideas ahora. Diga al grupo que la ciudad enviará a los participantes, en unos "
                "10 días, un resumen de los temas y de las ideas, y de lo que hizo con ellas."
            ),
        },
    },
    {
        "kind": GuideSegment.Kind.CLOSING,
        "duration_minutes": 8,
        "title": {
            "en": "Closing round",
            "es": "Ronda de cierre",
            "ht": "Tou pou fèmen",
            "zh-hans": "结束环节",
            "zh-hant": "結束環節",
            "vi": "Vòng kết thúc",
            "kea": "Roda di fitxu",
            "pt-br": "Rodada de encerramento",
            "ru": "Заключительный круг",
            "ar": "جولة الختام",
            "so": "Wareegga xiritaanka",
            "fr": "Tour de clôture",
        },
        "prompt": {
            "en": (
                "In one sentence each: what will you take with you from tonight? Thank you for "
                "your honesty and for listening."
            ),
            "es": (
                "En una frase cada uno: ¿qué se lleva de esta noche? Gracias por su sinceridad y "
                "por escuchar."
            ),
            "ht": (
                "Nan yon fraz chak moun: kisa w ap pote ale avè w aswè a? Mèsi pou onètete nou ak "
                "pou jan nou koute."
            ),
            "zh-hans": "每人用一句话说说：今晚您会带走什么？感谢大家的坦诚与倾听。",
            "zh-hant": "每人用一句話說說：今晚您會帶走什麼？感謝大家的坦誠與傾聽。",
            "vi": (
                "Mỗi người một câu: quý vị sẽ mang theo điều gì từ buổi tối hôm nay? Cảm ơn quý vị "
                "đã chân thành và đã lắng nghe."
            ),
            "kea": (
                "Ku un frazi kada un: kuzê ki bu ta leba di es noti? Obrigadu pa nhos sinseridadi "
                "i pa nhos obi."
            ),
            "pt-br": (
                "Em uma frase cada um: o que você leva desta noite? Obrigado pela sinceridade e "
                "pela escuta."
            ),
            "ru": (
                "Одной фразой каждый: что вы унесёте с собой с сегодняшней встречи? Спасибо за "
                "вашу искренность и за то, что слушали."
            ),
            "ar": (
                "بجملة واحدة لكلٍّ منا: ما الذي ستأخذه معك من هذه الليلة؟ شكراً لصدقكم وحسن إصغائكم."
            ),
            "so": (
                "Qof kastaa hal jumlad: maxaad caawa la tagaysaa? Waad ku mahadsan tihiin "
                "daacadnimadiinna iyo dhegaysigiinna."
            ),
            "fr": (
                "En une phrase chacun : que retiendrez-vous de cette soirée ? Merci pour votre "
                "sincérité et votre écoute."
            ),
        },
        "facilitator_notes": {
            "en": (
                "A closing round of about 1 minute each. Thank the interpreters and the recorder. "
                "Remind people of the feedback form and the next dialogue. After participants "
                "leave, debrief with your co-facilitator and tell the coordinators about any "
                "well-being concerns."
            ),
            "es": (
                "Una ronda de cierre de más o menos 1 minuto por persona. Agradezca a los "
                "intérpretes y a quien tomó notas. Recuerde el formulario de comentarios y el "
                "próximo diálogo. Cuando se vayan los participantes, haga el balance con su "
                "cofacilitador y avise a los coordinadores de cualquier preocupación por el "
                "bienestar de alguien."
            ),
        },
    },
]
