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
