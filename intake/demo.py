"""Demo projectverzoeken on the seed's themes (§10 a-d and side topics), one in every state."""

from django.db import transaction

from intake import services
from intake.formats import CRITERIA
from intake.models import ProjectRequest
from platform_ivz.core.models import Organisation, User
from platform_ivz.core.reference import GEMEENTEN

ALL = [name for name, _basisteam in GEMEENTEN]
OnBehalfOf = ProjectRequest.OnBehalfOf

DEMO_REQUESTS = [
    {
        "title": "Borging aanpak woninginbraken (w.o. aanpak heling)",
        "author": "platformlid",
        "on_behalf_of": OnBehalfOf.DVO,
        "gemeenten": ALL,
        "aanleiding": "Na een daling van het aantal inbraken in 2014 en 2015 stijgt het aantal "
        "woninginbraken in de eerste helft van 2016 weer licht in Twente (5%).",
        "doelstelling": "Een regiobrede, bestendige aanpak van woninginbraken en heling.",
        "betrokken_partners": "Politie, OM, alle Twentse gemeenten, expertgroep woninginbraken.",
        "afbakening": "Geen nieuwe lokale projecten; het project borgt en verbetert de "
        "bestaande aanpak.",
        "risicos": "Capaciteit bij de partners; verschuiving naar andere vormen van criminaliteit.",
        "outcome": "approve",
    },
    {
        "title": "Doorontwikkeling aanpak psychische kwetsbaren / verwarde personen",
        "author": "enschede",
        "on_behalf_of": OnBehalfOf.MAYOR,
        "on_behalf_organisation": "Enschede",
        "gemeenten": ALL[:12],
        "aanleiding": "Een verdubbeling van het aantal incidenten in 5 jaar (865 in 2011 naar "
        "1.668 in 2015).",
        "doelstelling": "Overlast terugdringen en de juiste zorg bieden aan betrokkenen.",
        "betrokken_partners": "GGZ-instellingen, Veiligheidshuis Twente, politie, gemeenten.",
        "afbakening": "Geen individuele casusregie; die blijft bij het Veiligheidshuis.",
        "risicos": "Privacy bij gegevensdeling; wachtlijsten in de zorg.",
        "outcome": "submit",
    },
    {
        "title": "Aanpak drugsoverlast en hennepcultuur",
        "author": "politie",
        "on_behalf_of": OnBehalfOf.PARTNER,
        "on_behalf_organisation": "Politie Oost-Nederland (district Twente)",
        "gemeenten": ALL[:10],
        "aanleiding": "De aanbevelingen van het onderzoeksrapport naar een herijking van het "
        "drugsbeleid en de uitkomsten van de pilot hennep en big data in Enschede.",
        "doelstelling": "De bestuurlijke barrières in de aanpak van ondermijning opwerpen.",
        "betrokken_partners": "Politie, OM, RIEC Oost-Nederland, gemeenten.",
        "afbakening": "Geen opsporing; het project richt zich op de bestuurlijke aanpak.",
        "risicos": "Verplaatsing van teelt naar andere gemeenten.",
        "outcome": "approve_unstaffed",
    },
    {
        "title": "Ontwikkeling aanpak malafide zorgbureau's",
        "author": "almelo",
        "on_behalf_of": OnBehalfOf.MAYOR,
        "on_behalf_organisation": "Almelo",
        "gemeenten": ALL[:8],
        "vertrouwelijk": True,
        "aanleiding": "Signalen van fraude met PGB en zorg in natura bij enkele zorgaanbieders.",
        "doelstelling": "Regionaal toezicht en handhaving op malafide zorgbureau's.",
        "betrokken_partners": "OZJT, RIEC Oost-Nederland, gemeenten.",
        "afbakening": "Het toezicht WMO en Jeugd blijft bij de Bestuurscommissie OZJT.",
        "risicos": "Kwetsbare cliënten kunnen zonder zorg komen te zitten.",
        "outcome": "information",
    },
    {
        "title": "Versterken en ontwikkelen (gemeentelijke) informatievoorziening",
        "author": "borne",
        "on_behalf_of": OnBehalfOf.DVO,
        "gemeenten": ALL,
        "aanleiding": "Pilots hennep in Enschede, multiprobleem in Borne en woninginbraken.",
        "doelstelling": "",
        "betrokken_partners": "",
        "afbakening": "",
        "risicos": "",
        "outcome": "concept",
    },
    {
        "title": "Burgernet: advies ontwikkeling Oost-Nederland",
        "author": "hengelo2",
        "on_behalf_of": OnBehalfOf.MAYOR,
        "on_behalf_organisation": "Hengelo",
        "gemeenten": ["Hengelo", "Borne", "Almelo"],
        "aanleiding": "Burgernet wordt in Oost-Nederland anders georganiseerd.",
        "doelstelling": "Een advies over de ontwikkeling van Burgernet.",
        "betrokken_partners": "Politie, gemeenten.",
        "afbakening": "Alleen het advies, niet de uitvoering.",
        "risicos": "Geen.",
        "outcome": "reject",
    },
    {
        "title": "Monitoring jaarwisseling en jaarlijkse evaluatie",
        "author": "veiligheidshuis",
        "on_behalf_of": OnBehalfOf.PARTNER,
        "on_behalf_organisation": "Veiligheidshuis Twente",
        "gemeenten": ALL,
        "aanleiding": "Jaarlijkse evaluatie van de jaarwisseling.",
        "doelstelling": "Eén regionaal beeld van de jaarwisseling.",
        "betrokken_partners": "Politie, brandweer, gemeenten.",
        "afbakening": "Geen lokale maatregelen.",
        "risicos": "Geen.",
        "outcome": "withdraw",
    },
    {
        "title": "Groepscan Jeugd: regionale implementatie",
        "author": "enschede",
        "on_behalf_of": OnBehalfOf.DVO,
        "gemeenten": ALL[:7],
        "aanleiding": "De groepscan jeugd wordt lokaal wisselend uitgevoerd.",
        "doelstelling": "Eén regionale methode, lokaal uitgevoerd.",
        "betrokken_partners": "Politie, jongerenwerk, gemeenten.",
        "afbakening": "Geen lokale interventies.",
        "risicos": "Verschillen in lokale capaciteit.",
        "outcome": "submit",
    },
]


# Approved requests that the projects demo takes through every state of a project's life.
PORTFOLIO_TITLES = [
    ("Triagevoorziening verwarde personen", "enschede", ALL[:12]),
    ("Pilot hennep en big data Enschede", "enschede", ALL[:9]),
    ("Pilot informatiepositie multiprobleemgezinnen Borne", "borne", ALL[:8]),
    ("Regionaal dashboard woninginbraken", "platformlid", ALL),
    ("Casusoverleg TBS Twente: monitoren en evalueren", "veiligheidshuis", ALL),
    ("Casusoverleg Mensenhandel/regiegroep prostitutie", "politie", ALL[:10]),
    ("Afstemming beleidscyclus Twente en IVM", "almelo", ALL),
    ("Procesregie zware casuïstiek met GGZ en Veiligheidshuis", "hengelo2", ALL[:11]),
]
DEMO_REQUESTS += [
    {
        "title": title,
        "author": author,
        "on_behalf_of": OnBehalfOf.DVO,
        "gemeenten": gemeenten,
        "aanleiding": f"Het DVO vraagt om een regionale aanpak: {title.lower()}.",
        "doelstelling": "Een gezamenlijke, regionale aanpak met meetbare resultaten.",
        "betrokken_partners": "Gemeenten, politie, OM en ketenpartners.",
        "afbakening": "Lokale uitvoering blijft bij de gemeenten.",
        "risicos": "Beschikbare capaciteit bij de partners.",
        "outcome": "approve",
    }
    for title, author, gemeenten in PORTFOLIO_TITLES
]

CONTENT = ["aanleiding", "doelstelling", "betrokken_partners", "afbakening", "risicos"]


@transaction.atomic
def load_requests() -> None:
    reviewer = User.objects.get(username="regiocoordinator")
    for spec in DEMO_REQUESTS:
        if ProjectRequest.objects.filter(title=spec["title"]).exists():
            continue
        author = User.objects.get(username=spec["author"])
        data = {field: spec[field] for field in CONTENT}
        data.update(
            title=spec["title"],
            on_behalf_of=spec["on_behalf_of"],
            vertrouwelijk=spec.get("vertrouwelijk", False),
            on_behalf_organisation=Organisation.objects.filter(
                name=spec.get("on_behalf_organisation")
            ).first(),
        )
        request = services.create_request(
            author=author,
            data=data,
            gemeenten=Organisation.objects.filter(name__in=spec["gemeenten"]),
        )
        _play(request, author, reviewer, spec["outcome"])


def _play(request, author, reviewer, outcome):
    if outcome == "concept":
        return
    request = services.submit_request(request=request, actor=author)
    if outcome == "submit":
        return
    if outcome == "withdraw":
        services.withdraw_request(request=request, actor=author, note="Wordt lokaal opgepakt.")
        return
    count = request.gemeenten.count()
    services.save_screening(
        request=request,
        actor=reviewer,
        assessments={key: (key != "zeven_gemeenten" or count >= 7, "") for key, _label in CRITERIA},
    )
    if outcome == "information":
        services.request_information(
            request=request,
            actor=reviewer,
            note="Welke gemeenten leveren capaciteit, en hoeveel uur per week?",
        )
    elif outcome == "reject":
        services.decide_request(
            request=request,
            actor=reviewer,
            approve=False,
            motivation="Speelt in minder dan 7 gemeenten; het past beter in het lokale "
            "veiligheidsbeleid.",
        )
    else:
        services.decide_request(
            request=request,
            actor=reviewer,
            approve=True,
            motivation="Voldoet aan alle selectiecriteria en heeft prioriteit bij het DVO.",
        )
