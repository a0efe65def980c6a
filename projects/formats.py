"""Appendix 5 (table "OPDRACHTNAAM": the projectplan) and appendix 6 ("EVALUATIE"), verbatim."""

from platform_ivz.core.formats import FormatField

PLAN_INTRODUCTION = "De opdrachtomschrijving dient bij zowel de opdrachtgever als opdrachtnemer helderheid te verschaffen over de opdracht. De opdrachtomschrijving is een gezamenlijk product, dat door de opdrachtnemer wordt opgesteld. Pas nadat de opdrachtgever en opdrachtnemer akkoord zijn met de opdrachtbeschrijving wordt begonnen aan het uitvoeren van de opdracht."

# In the seed's order. Sections marked structured in docs/ARCHITECTURE.md §3.2 also get rows.
PLAN_FORMAT = {
    "aanleiding": FormatField(
        label="Aanleiding van probleem/uitdaging",
        intro="Beschrijft welke gebeurtenis het project acuut maakt, de reden waarom het 'nu' op de agenda staat. Hulpvragen:",
        questions=[
            "> Waar, wanneer en bij wie is het idee voor dit project ontstaan?",
            "> Wat is het probleem en in welke uitdaging is dat te vertalen?",
            "> Waarom is het een uitdaging?",
            "> Wat gebeurt er als de uitdaging niet wordt opgepakt?",
        ],
    ),
    "betrokken_partners": FormatField(
        label="Betrokken partners",
        intro="Welke partners zijn er bij betrokken en wat doen zij?",
    ),
    "doelstelling": FormatField(
        label="Doelstelling",
        intro='Wat is de "hogere ambitie" van het project. De hogere ambitie hoeft niet in het project te worden gerealiseerd. Het project draagt er aan bij. Het projectresultaat wordt wel gerealiseerd in het project (zie hierna). Hulpvragen:',
        questions=[
            "> Wat wil de organisatie bereiken met dit project?",
            "> Waar moet het project een bijdrage aan leveren?",
            "> Hoe verhoudt het project zich tot de missie, visie en strategie van de organisatie als geheel?",
        ],
        outro="Concreet kun je een doelstelling formuleren met betrekking tot de vraag: wanneer zijn we tevreden/wanneer is het project klaar?",
    ),
    "projectresultaat": FormatField(
        label="Projectresultaat",
        intro="Beschrijf de instrumenten die je in het project ontwikkeld om de doelstelling dichterbij te brengen. Hulpvragen:",
        questions=[
            "> Wat is tastbaar of zichtbaar als het project klaar is?",
            "> Wat zie ik voor me?",
            "> Is het resultaat wel het juiste middel om de doelstelling te realiseren?",
            "> Komt de doelstelling dichterbij wanneer het resultaat er is?",
            "> Lost het resultaat de uitdaging (grotendeels) op?",
        ],
    ),
    "prestatie_indicatoren": FormatField(
        label="Prestatie-Indicatoren",
        intro="Benoem hier de indicatoren die de projectresultaten meetbaar maken om te monitoren",
    ),
    "monitoring": FormatField(
        label="Monitoring/voortgangsbewaking",
        intro="Beschrijf hier op welke wijze de voortgang bewaakt wordt en de resultaten (procesmatig en cijfermatig) inzichtelijk worden gemaakt.",
    ),
    "randvoorwaarden": FormatField(
        label="Randvoorwaarden",
        intro="Hulpvragen",
        questions=[
            "> Wat zijn de randvoorwaarden gezien vanuit de opdracht?",
            "> Wat zijn de randvoorwaarden gezien vanuit de opdrachtgever?",
        ],
    ),
    "afbakening": FormatField(
        label="Afbakening",
        intro="Beschrijf de zaken die je wel zou kunnen doen om de doelstelling dichterbij te brengen, maar die je niet gaat doen. Hulpvragen:",
        questions=[
            "> Wat is niet het resultaat van het project?",
            "> Wanneer stopt het project, en wat gebeurt pas na het project? (Afbakening naar fase)",
            "> Waar stopt het project? (Afbakening naar inhoud)",
            "> Wat valt buiten het project en krijgt de opdrachtgever niet?",
            "> Zijn de grenzen van wat wel en wat niet tot het project behoort voor anderen ook duidelijk?",
            "> Wat moet/behoort door anderen te worden opgeleverd of verzorgd?",
        ],
    ),
    "relatie_andere_initiatieven": FormatField(
        label="Relatie andere initiatieven en ontwikkelingen",
        intro="Meestal spelen meerdere trajecten naast elkaar. Over het algemeen hebben die trajecten iets met elkaar te maken. Het is dan ook goed om die in samenhang te bekijken. Beschrijf de samenhang en ook de aard van de samenhang. De aard kan omschreven worden als aanvullend of concurrerend. Hulpvragen:",
        questions=[
            "> Welke projecten lopen gelijktijdig en hebben raakvlakken met dit project? Wat zijn die raakvlakken?",
            "> Welke andere zaken zijn concurrerend met dit project?",
            "> Welke onderdelen van de organisatie zullen moeten worden aangepast moeten worden om de resultaten mogelijk te maken?",
        ],
    ),
    "risicos": FormatField(
        label="Risico's/onverwachte zaken / effecten",
        intro="Beschrijf de kanttekeningen/bedreigingen/consequenties die de uitvoering van het project in de ruimste zin kan hebben. Hulpvragen",
        questions=[
            "> Wat kan het behalen van de projectresultaten in de weg staan?",
            "> Wat zijn mogelijke neveneffecten?",
            "> Wat zijn mogelijke negatieve effecten?",
            "> Wat zijn mogelijke positieve effecten?",
        ],
    ),
    "projectgroep": FormatField(
        label="Projectgroep",
        intro="Beschrijf de samenstelling (functie/organisatie/naam) van de projectgroep en de frequentie waarmee deze bijeen komt.",
    ),
    "planning": FormatField(
        label="Planning en mijlpalen",
        intro="Beschrijf de planning van de werkzaamheden en wanneer het project is afgerond.",
    ),
    "communicatie": FormatField(
        label="Communicatie",
        intro="Beschrijf op welke wijze er vorm en inhoud wordt gegeven aan interne en externe communicatie naar doelgroep, partners en betrokkenen, bestuur.",
    ),
    "financien": FormatField(
        label="Financiën",
        intro="Beschrijf op welke wijze het project wordt gefinancierd. Is er een budget beschikbaar (regionaal of lokaal)?",
    ),
}

EVALUATION_INTRODUCTION = "Een projectevaluatie kan worden toegepast in elk project, en heeft als doel het goede te behouden en te borgen, en te leren van gemaakte fouten. Bij elk project is sprake van een vooraf gedefinieerde doelstelling en te behalen resultaten. Elk project wordt door projectmedewerkers uitgevoerd volgens een bepaalde aanpak, beschreven in een plan van aanpak. Door het uitvoeren van een projectevaluatie wordt antwoord gegeven op de vraag wat er is bereikt met het project (het effect in hoeverre is de doelstelling behaald), hoe het project organisatorisch is verlopen en wat projectmedewerkers of anderen van het project kunnen leren."

EVALUATION_QUESTIONS = [
    ("q1", "Wat was de doelstelling van het project?"),
    ("q2", "Geef een samenvatting van de inhoud van het project?"),
    ("q3", "Wat waren de beoogde resultaten?"),
    ("q4", "Zijn de resultaten behaald? Waarom wel / niet?"),
    ("q5", "Geef aan wat de overige gevolgen of effecten van dit project zijn geweest?"),
    ("q6", "Hoe is de voortgang van het project verlopen?"),
    ("q7", "Waren er knelpunten in de uitvoering en zo ja, hoe zijn deze overwonnen?"),
    ("q8", "Wat waren de sterke kanten van dit project?"),
    ("q9", "Wat waren de leermomenten?"),
    ("q10", "Welke rol hadden andere betrokken organisaties?"),
    ("q11", "Is het project financieel verlopen als begroot?"),
]
