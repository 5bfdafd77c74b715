"""What the demo is made of: staff for every role and requests in every state.

Fictional people only. Names mix the country's French, Luxembourgish and Portuguese
communities, as the requests the agency receives do.
"""

from __future__ import annotations

from dataclasses import dataclass

from openaef.accounts.models import Role
from openaef.intake.models import Channel, Priority
from openaef.intake.states import RequestStatus as S

DEMO_DOMAIN = "demo.openaef.lu"
DEFAULT_DEMO_PASSWORD = "demo-only-Kannerbuero-2026"  # noqa: S105 - a published demo password, never for production
# The regional offices that get staff in the demo.
DEMO_OFFICES = ["ORE-ESCH", "ORE-DIFF", "ORE-ETTE"]


@dataclass(frozen=True)
class DemoUser:
    local_part: str
    full_name: str
    role: str
    office: str | None = None
    provider: bool = False


USERS = [
    DemoUser("intake", "Inès Kremer", Role.INTAKE_OFFICER),
    DemoUser("head.esch", "Marc Weber", Role.OFFICE_HEAD, "ORE-ESCH"),
    DemoUser("coordinator.esch", "Sofia Pereira", Role.COORDINATOR, "ORE-ESCH"),
    DemoUser("coordinator2.esch", "Laurent Schmit", Role.COORDINATOR, "ORE-ESCH"),
    DemoUser("head.diff", "Anne Hoffmann", Role.OFFICE_HEAD, "ORE-DIFF"),
    DemoUser("coordinator.diff", "Tiago Ferreira", Role.COORDINATOR, "ORE-DIFF"),
    DemoUser("head.ette", "Claude Muller", Role.OFFICE_HEAD, "ORE-ETTE"),
    DemoUser("coordinator.ette", "Julie Thill", Role.COORDINATOR, "ORE-ETTE"),
    DemoUser("provider", "Nadia Reuter", Role.PROVIDER_STAFF, provider=True),
    DemoUser("finance", "Paul Wagner", Role.FINANCE_OFFICER),
    # A payment run is approved by another finance officer than the one who prepared it.
    DemoUser("finance2", "Martine Becker", Role.FINANCE_OFFICER),
    DemoUser("hotline", "Carla Marques", Role.HOTLINE_AGENT),
    DemoUser("dpo", "Henri Schroeder", Role.DATA_PROTECTION_OFFICER),
    DemoUser("analyst", "Lena Kieffer", Role.ANALYST),
    DemoUser("admin", "Guy Schmitz", Role.ADMINISTRATOR),
]

CHILDREN = [
    ("Léa", "Schmit", "esch-sur-alzette"),
    ("Tiago", "da Silva", "differdange"),
    ("Noah", "Weber", "ettelbruck"),
    ("Mia", "Hoffmann", "luxembourg"),
    ("Rafael", "Ferreira Gomes", "esch-sur-alzette"),
    ("Emma", "Muller", "dudelange"),
    ("Ben", "Kieffer", "diekirch"),
    ("Beatriz", "Rodrigues", "schifflange"),
    ("Zoe", "MULLER", "mondercange"),  # the same child as Zoé Müller below, typed differently on the phone
    ("Chloé", "Dupont", "petange"),
    ("Gabriel", "Pereira", "esch-sur-alzette"),
    ("Lina", "Reuter", "mersch"),
    ("Tom", "Thill", "wiltz"),
    ("Inês", "Costa", "sanem"),
    ("Max", "Schroeder", "ettelbruck"),
    ("Sara", "Lopes", "kayl"),
    ("Jules", "Lambert", "bettembourg"),
    ("Anna", "Hansen", "differdange"),
    ("Diogo", "Martins", "esch-sur-alzette"),
    ("Zoé", "Müller", "mondercange"),
    ("Leo", "Becker", "ettelbruck"),
    ("Matilde", "Alves", "differdange"),
    ("Louis", "Bernard", "luxembourg"),
    ("Nora", "Schmitz", "dudelange"),
    ("Duarte", "Carvalho", "esch-sur-alzette"),
    ("Elena", "Klein", "diekirch"),
    ("Hugo", "Moreau", "petange"),
    ("Lara", "Fernandes", "sanem"),
    ("Paul", "Meyer", "mersch"),
    ("Julia", "Kremer", "ettelbruck"),
    ("Miguel", "Sousa", "schifflange"),
    ("Charlotte", "Weis", "wiltz"),
    ("Jan", "Ries", "differdange"),
    ("Camille", "Girard", "esch-sur-alzette"),
    ("Tomás", "Ribeiro", "kayl"),
    ("Sophie", "Goergen", "bettembourg"),
    ("Yanis", "Martin", "luxembourg"),
    ("Alice", "Jacoby", "ettelbruck"),
    ("Rodrigo", "Oliveira", "differdange"),
    ("Luca", "Wagner", "differdange"),
]

SITUATIONS = [
    "Depuis la séparation des parents, l'enfant ne dort plus et refuse d'aller à l'école. La mère se sent dépassée.",
    "Conflits violents entre l'adolescent et son père ; la famille demande un soutien à domicile.",
    "La mère élève seule trois enfants et a besoin d'aide pour l'organisation du quotidien.",
    "L'école signale des absences répétées et un repli sur soi depuis la rentrée.",
    "Le jeune adulte a quitté le foyer familial et dort chez des amis ; il cherche un logement encadré.",
    "Les parents ne parviennent plus à poser des limites ; crises de colère fréquentes à la maison.",
    "Difficultés de développement du langage ; les parents souhaitent être orientés.",
    "Consommation de cannabis inquiétante, décrochage scolaire en cours.",
]

REQUESTERS = [
    ("family_member", "Maria da Silva", "mère"),
    ("professional", "Jeff Hansen", "assistant social scolaire"),
    ("family_member", "Patrick Weber", "père"),
    ("young_adult", "", ""),
    ("family_member", "Ana Pereira", "grand-mère"),
    ("professional", "Dr Claire Lentz", "pédiatre"),
]

# Every status, each reached through the services with the reasons staff would write.
PLAN: list[S] = (
    [S.RECEIVED] * 9 + [S.IN_TRIAGE] * 8 + [S.ACCEPTED] * 11 + [S.REFERRED] * 4 + [S.NOT_ELIGIBLE] * 4 + [S.WITHDRAWN] * 4
)
CHANNELS = [Channel.WEB, Channel.PHONE, Channel.WALK_IN, Channel.PAPER]
PRIORITIES = [Priority.NORMAL, Priority.HIGH, Priority.NORMAL, Priority.URGENT, Priority.NORMAL]

REFERRALS = [
    (
        "Service de psychiatrie juvénile, Centre hospitalier de Luxembourg",
        "Besoin d'un suivi pédopsychiatrique, hors mesures de l'ONE.",
    ),
    (
        "Service de psychologie et d'orientation scolaires (SePAS) du lycée",
        "La demande porte sur l'orientation scolaire uniquement.",
    ),
    ("Office social de la commune", "Demande d'aide financière ponctuelle, relevant de l'office social."),
    ("Planning familial", "Question de santé affective et sexuelle, mieux accompagnée par le Planning familial."),
]
NOT_ELIGIBLE_REASONS = [
    "La famille réside à Trèves (Allemagne) : orientée vers le Jugendamt compétent.",
    "Le jeune a 28 ans : au-delà de l'âge limite de 27 ans.",
    "Demande déjà prise en charge dans le cadre d'une mesure judiciaire en cours.",
    "Aucune difficulté relevant de l'aide à l'enfance et à la famille après entretien.",
]
WITHDRAWAL_REASONS = [
    "La mère a rappelé : la situation s'est apaisée, elle ne souhaite plus d'aide pour l'instant.",
    "La famille a trouvé un soutien auprès du SePAS de l'école.",
    "Le jeune adulte retire sa demande, il a trouvé un logement.",
    "Déménagement de la famille à l'étranger.",
]


# Case files with an intervention project and measures (issue 4). Each family is opened in the
# office of its coordinator; ``story`` says how far the demo takes it:
#   active    the project validated, signed by the parent and started; a measure under way at
#             the demo provider with its initial report sent, another referred to a second provider
#   proposed  the project waits for the office head's validation; a measure referred to the demo
#             provider, awaiting its answer
#   waiting   a measure on the demo provider's waiting list (three families: positions 1 to 3)
@dataclass(frozen=True)
class DemoFamily:
    first_names: str
    surname: str
    age: int
    sex: str
    parent_first_names: str
    parent_kind: str  # people.RelationshipKind
    coordinator: str  # DemoUser.local_part
    commune: str
    story: str
    summary: str
    language: str = "fr"


FAMILIES = [
    DemoFamily(
        "Noé",
        "Kayser",
        9,
        "male",
        "Carine",
        "mother",
        "coordinator.esch",
        "esch-sur-alzette",
        "active",
        "Depuis le départ du père, Noé fait de grosses colères à la maison et à l'école. "
        "La mère, seule avec deux enfants, demande de l'aide pour poser un cadre.",
    ),
    DemoFamily(
        "Ana",
        "Tavares",
        13,
        "female",
        "Rui",
        "father",
        "coordinator.esch",
        "schifflange",
        "proposed",
        "Ana s'isole et ne va plus à l'école certains jours depuis la rentrée. Le père s'inquiète et a pris contact avec l'ONE.",
        "pt",
    ),
    DemoFamily(
        "Liam",
        "Hermes",
        6,
        "male",
        "Sandrine",
        "mother",
        "coordinator.esch",
        "kayl",
        "waiting",
        "Liam a été témoin de violences au sein du couple parental ; la mère souhaite un soutien psychologique pour lui.",
    ),
    DemoFamily(
        "Mara",
        "Stoffel",
        11,
        "female",
        "Jeff",
        "father",
        "coordinator.esch",
        "dudelange",
        "waiting",
        "Mara vit mal le décès de sa grand-mère ; troubles du sommeil et résultats scolaires en baisse.",
        "lb",
    ),
    DemoFamily(
        "Samuel",
        "Duarte",
        15,
        "male",
        "Filipa",
        "mother",
        "coordinator2.esch",
        "esch-sur-alzette",
        "waiting",
        "Samuel se met en danger (fugues, fréquentations) ; la mère demande de l'aide pour renouer le dialogue.",
        "pt",
    ),
]

# A drawn signature as signature.mjs posts it: pen strokes in the 600 x 200 drawing area.
DEMO_SIGNATURE = "M40 140 L80 60 L120 150 L160 70 L200 130 L260 90 L330 120"

ACTIVE_SCORES = [
    # (domain, first score, score after four months of work)
    ("daily_life", 4, 3),
    ("upbringing", 4, 2),
    ("health", 2, 2),
    ("development", 3, 3),
    ("school_work", 4, 3),
    ("relationships", 3, 2),
    ("housing", 2, 2),
    ("money", 3, 3),
]
PROPOSED_SCORES: list[tuple[str, int | None]] = [
    ("daily_life", 3),
    ("upbringing", 3),
    ("health", 3),
    ("school_work", 4),
    ("relationships", 4),
]

ACTIVE_GOALS = [
    (
        "upbringing",
        "La mère pose des règles claires et tient les routines du soir (repas, devoirs, coucher).",
        "Routines tenues au moins cinq soirs sur sept, selon la mère et l'aide familiale.",
    ),
    (
        "relationships",
        "Noé exprime sa colère par des mots plutôt que par des crises.",
        "Moins d'une crise par semaine à la maison ; pas d'exclusion de classe sur un trimestre.",
    ),
    (
        "school_work",
        "Noé retrouve sa place en classe.",
        "Bilan avec l'instituteur à chaque fin de trimestre.",
    ),
]
ACTIVE_ACTIONS = [
    ("family", "Carine Kayser", "Participe aux séances avec l'aide familiale et tient un carnet des soirées."),
    ("child", "Noé", "Va aux séances au service psychologique une fois par semaine."),
    ("coordinator", "Sofia Pereira", "Fait le lien avec l'école et les services ; prépare l'évaluation."),
    ("provider", "Service psychologique", "Suivi hebdomadaire de Noé, entretien avec la mère une fois par mois."),
]
PROPOSED_GOALS = [
    (
        "school_work",
        "Ana retourne à l'école tous les jours.",
        "Absences non justifiées : aucune sur un mois, relevé de l'école.",
    ),
    (
        "relationships",
        "Ana retrouve des activités avec des jeunes de son âge.",
        "Une activité choisie par Ana, suivie un trimestre.",
    ),
]

SHARED_SUMMARIES = {
    "active": "Garçon de 9 ans, colères importantes depuis la séparation des parents. Suivi psychologique hebdomadaire "
    "demandé, en lien avec l'aide familiale à domicile. La mère est joignable le matin.",
    "saf": "Mère seule avec deux enfants ; besoin d'aide pour les routines du soir et le cadre éducatif, deux visites par semaine.",
    "proposed": "Adolescente de 13 ans, absences scolaires et repli depuis la rentrée. Le père souhaite un suivi psychologique ; "
    "l'école (SePAS) est informée.",
    "waiting": "Demande de suivi psychologique de l'enfant ; la famille est disponible en fin d'après-midi.",
}

INITIAL_REPORT = {
    "situation": "Noé vient à ses séances chaque semaine, accompagné de sa mère. Il a besoin de quelques minutes pour "
    "entrer en relation, puis parle volontiers de l'école.",
    "needs": "Mettre des mots sur la séparation ; apprendre à reconnaître la colère avant qu'elle ne déborde.",
    "objectives": "Séances hebdomadaires d'une heure pendant six mois ; un entretien mensuel avec la mère ; "
    "un point avec l'aide familiale au troisième mois.",
}
