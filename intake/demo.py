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

# The rest of the intake format (§7) and the proposed theme, by title.
PLANNING_FIELDS = [
    "theme",
    "verwacht_resultaat",
    "capaciteit_expertise",
    "planning",
    "financien",
    "communicatie",
]
PLANNING = {
    "Borging aanpak woninginbraken (w.o. aanpak heling)": (
        "woninginbraken",
        "Een geactualiseerd regionaal draaiboek woninginbraken en heling, en een halfjaarlijkse "
        "monitor per gemeente.",
        "Een projectleider 8 uur per week; een analist van de politie 4 uur per week.",
        "Draaiboek in het tweede kwartaal, monitor vanaf het derde kwartaal, evaluatie na twee "
        "jaar.",
        "Uit het budget van het Platform; ongeveer 10.000 euro voor de monitor.",
        "Via de lokale driehoeken en de nieuwsbrief van het Platform; het DVO halfjaarlijks.",
    ),
    "Doorontwikkeling aanpak psychische kwetsbaren / verwarde personen": (
        "verwarde_personen",
        "Drie regionale pilots met een gezamenlijke werkwijze voor de meldingen van verward "
        "gedrag.",
        "Een projectleider 16 uur per week; een GGZ-deskundige en een jurist op afroep.",
        "Pilots starten na de zomer en lopen een jaar; daarna besluit het DVO over uitrol.",
        "Deels uit de landelijke middelen van het aanjaagteam, deels regionaal (20.000 euro).",
        "Met de zorgpartners via het expertteam; naar buiten alleen na besluit van het DVO.",
    ),
    "Aanpak drugsoverlast en hennepcultuur": (
        "ondermijning",
        "Een regionaal handhavingsarrangement hennep en een bestuurlijk instrumentarium.",
        "Een projectleider 8 uur per week; juristen van drie gemeenten; het RIEC.",
        "Arrangement binnen negen maanden; instrumentarium binnen anderhalf jaar.",
        "Binnen de bestaande budgetten van gemeenten en RIEC; geen extra middelen nodig.",
        "Vertrouwelijk binnen de projectgroep; het DVO krijgt een tussenrapportage.",
    ),
    "Ontwikkeling aanpak malafide zorgbureau's": (
        "ondermijning",
        "Afspraken over signalering en gezamenlijke controles bij zorgaanbieders.",
        "Een projectleider 8 uur per week; toezichthouders WMO en Jeugd.",
        "Eerste afspraken binnen een half jaar.",
        "Nog niet bekend.",
        "Alleen binnen de betrokken organisaties.",
    ),
    "Burgernet: advies ontwikkeling Oost-Nederland": (
        "overig",
        "Een advies aan het DVO.",
        "Een beleidsmedewerker 4 uur per week, drie maanden.",
        "Advies binnen drie maanden.",
        "Geen kosten.",
        "Het advies gaat via het Platform naar het DVO.",
    ),
    "Monitoring jaarwisseling en jaarlijkse evaluatie": (
        "overig",
        "Een jaarlijkse regionale evaluatie van de jaarwisseling.",
        "Een analist van het Veiligheidshuis, twee weken per jaar.",
        "Elk jaar in januari en februari.",
        "Geen extra kosten.",
        "De evaluatie gaat naar de gemeenten en het DVO.",
    ),
    "Groepscan Jeugd: regionale implementatie": (
        "overig",
        "Eén regionale methode voor de groepscan, met een handreiking voor de gemeenten.",
        "Een projectleider 4 uur per week; de jeugdagenten van de politie.",
        "Handreiking binnen een jaar; daarna lokale invoering.",
        "Uit het budget van het Platform; ongeveer 5.000 euro voor trainingen.",
        "Via het jongerenwerk en de gemeenten.",
    ),
}
PORTFOLIO_THEMES = {
    "Triagevoorziening verwarde personen": "verwarde_personen",
    "Pilot hennep en big data Enschede": "ondermijning",
    "Pilot informatiepositie multiprobleemgezinnen Borne": "informatievoorziening",
    "Regionaal dashboard woninginbraken": "woninginbraken",
    "Afstemming beleidscyclus Twente en IVM": "informatievoorziening",
    "Procesregie zware casuïstiek met GGZ en Veiligheidshuis": "verwarde_personen",
}
for title, _author, _gemeenten in PORTFOLIO_TITLES:
    PLANNING[title] = (
        PORTFOLIO_THEMES.get(title, "overig"),
        "Een regionale werkwijze, vastgelegd in een handreiking, en een monitor van de "
        "resultaten.",
        "Een projectleider 8 uur per week en een projectgroep van vier partners.",
        "Projectplan binnen drie maanden, uitvoering in twee jaar, daarna evaluatie.",
        "Uit het budget van het Platform, aangevuld door de deelnemende gemeenten.",
        "Via het Platform en de lokale driehoeken; het DVO halfjaarlijks.",
    )

CONTENT = ["aanleiding", "doelstelling", "betrokken_partners", "afbakening", "risicos"]


@transaction.atomic
def load_requests() -> None:
    reviewer = User.objects.get(username="regiocoordinator")
    for spec in DEMO_REQUESTS:
        if ProjectRequest.objects.filter(title=spec["title"]).exists():
            continue
        author = User.objects.get(username=spec["author"])
        data = {field: spec[field] for field in CONTENT}
        data.update(zip(PLANNING_FIELDS, PLANNING.get(spec["title"], ()), strict=False))
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
