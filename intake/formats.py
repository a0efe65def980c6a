"""Appendix 4 of the seed, "FORMAT PROJECTOPDRACHT", table "OPDRACHT", verbatim."""

from django.utils.translation import gettext_lazy as _

from platform_ivz.core.formats import FormatField

INTRODUCTION = (
    "De projectopdracht dient helderheid te verschaffen over de opdracht en behoort tot het "
    "intake proces."
)

REQUEST_FORMAT = {
    "aanleiding": FormatField(
        label="Aanleiding van probleem/ uitdaging",
        intro=(
            "Beschrijft welke gebeurtenis het project acuut maakt, de reden waarom het 'nu' op "
            "de agenda staat. Hulpvragen:"
        ),
        questions=[
            "> Waar, wanneer en bij wie is het idee voor dit project ontstaan?",
            "> Wat is het probleem en in welke uitdaging is dat te vertalen?",
            "> Waarom is het een uitdaging?",
            "> Wat gebeurt er als de uitdaging niet wordt opgepakt?",
        ],
    ),
    "doelstelling": FormatField(
        label="Doelstelling",
        intro=(
            'Wat is de "hogere ambitie" van het project. De hogere ambitie hoeft niet in het '
            "project te worden gerealiseerd. Het project draagt er aan bij. Het projectresultaat "
            "wordt wel gerealiseerd in het project (zie hierna). Hulpvragen:"
        ),
        questions=[
            "> Wat wil de organisatie bereiken met dit project?",
            "> Waar moet het project een bijdrage aan leveren?",
            "> Hoe verhoudt het project zich tot de missie, visie en strategie van de "
            "organisatie als geheel?",
        ],
        outro=(
            "Concreet kun je een doelstelling formuleren met betrekking tot de vraag: wanneer "
            "zijn we tevreden/wanneer is het project klaar?"
        ),
    ),
    "betrokken_partners": FormatField(
        label="Betrokken partners",
        intro="Welke partners zijn er bij betrokken en wat doen zij?",
    ),
    "afbakening": FormatField(
        label="Afbakening",
        intro=(
            "Beschrijf de zaken die je wel zou kunnen doen om de doelstelling dichterbij te "
            "brengen, maar die je niet gaat doen. Hulpvragen:"
        ),
        questions=[
            "> Wat is niet het resultaat van het project?",
            "> Wanneer stopt het project, en wat gebeurt pas na het project? "
            "(Afbakening naar fase)",
            "> Waar stopt het project? (Afbakening naar inhoud)",
            "> Wat valt buiten het project en krijgt de opdrachtgever niet?",
            "> Zijn de grenzen van wat wel en wat niet tot het project behoort voor anderen ook "
            "duidelijk?",
            "> Wat moet/behoort door anderen te worden opgeleverd of verzorgd?",
        ],
    ),
    "risicos": FormatField(
        label="Risico's/ onverwachte zaken/ effecten",
        intro=(
            "Beschrijf de kanttekeningen/bedreigingen/consequenties die de uitvoering van het "
            "project in de ruimste zin kan hebben. Hulpvragen:"
        ),
        questions=[
            "> Wat kan het behalen van de projectresultaten in de weg staan?",
            "> Wat zijn mogelijke neveneffecten?",
            "> Wat zijn mogelijke negatieve effecten?",
            "> Wat zijn mogelijke positieve effecten?",
        ],
    ),
}

# "Beoordeling/ selectiecriteria", in the seed's order.
CRITERIA_HEADING = "Beoordeling/ selectiecriteria"
CRITERIA = [
    ("primaat_oov", "Primaat Openbare Orde en Veiligheid"),
    ("dvo_besluitvormend", "DVO besluitvormend orgaan"),
    ("actueel_urgent", "Actueel/urgent/hoog afbreukrisico"),
    ("zeven_gemeenten", "Speelt in ≥ 7 Twentse gemeenten"),
    ("haalbaar", "Is haalbaar binnen de planning/legt realistisch beslag op de middelen"),
]
MUNICIPALITY_CRITERION = "zeven_gemeenten"
MUNICIPALITY_THRESHOLD = 7

# The rest of the intake format of the seed's §7 ("format met te behalen resultaat, benodigde
# capaciteit en expertise, planning, financiën, communicatie"): criterion 5, "haalbaar binnen
# de planning/legt realistisch beslag op de middelen", is judged on these. Not verbatim from an
# appendix, so translated (the help texts follow appendix 5's style and questions).
REQUEST_FORMAT_PLANNING = {
    "verwacht_resultaat": FormatField(
        label=_("Expected result"),
        intro=_(
            "Describe what the project delivers to bring the objective closer. Help questions:"
        ),
        questions=[
            _("> What is tangible or visible when the project is finished?"),
            _("> Is the result the right means to reach the objective?"),
        ],
    ),
    "capaciteit_expertise": FormatField(
        label=_("Capacity and expertise needed"),
        intro=_(
            "Describe which people and which knowledge the project needs, and who could "
            "provide them. Help questions:"
        ),
        questions=[
            _("> How many hours a week, and for how long?"),
            _(
                "> Which expertise is needed (for instance a lawyer, a procurement specialist, "
                "an analyst)?"
            ),
            _("> Which municipalities or partners could provide it?"),
        ],
    ),
    "planning": FormatField(
        label=_("Rough planning"),
        intro=_("Describe roughly when the project starts, its main steps and when it ends."),
    ),
    "financien": FormatField(
        label=_("Finances"),
        intro=_(
            "Describe how the project will be financed. Is a budget available (regional or "
            "local)? Give an estimate of the costs."
        ),
    ),
    "communicatie": FormatField(
        label=_("Communication"),
        intro=_(
            "Describe how the project communicates internally and externally with the target "
            "group, partners, those involved and the board."
        ),
    ),
}

# The whole request as it is shown, screened and exported: appendix 4, then the rest of §7.
REQUEST_FULL_FORMAT = {**REQUEST_FORMAT, **REQUEST_FORMAT_PLANNING}
