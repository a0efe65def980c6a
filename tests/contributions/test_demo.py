"""contributions.demo.load(): the seed's years, this year copied, choices, pledges; idempotent."""

import datetime

import time_machine

from contributions import demo
from contributions.models import Choice, IncomeLine, PartnerPledge, YearSettings
from platform_ivz.core.demo import load_users


def test_the_demo_loads_and_loads_again_without_doubling(db):
    load_users()
    with time_machine.travel(datetime.date(2026, 3, 2), tick=False):
        demo.load()
        demo.load()
    assert list(YearSettings.objects.order_by("year").values_list("year", flat=True)) == [
        2016,
        2017,
        2018,
        2026,
    ]
    this_year = YearSettings.objects.get(year=2026)
    assert this_year.municipalities.count() == 14
    assert this_year.municipalities.filter(choice=Choice.SURCHARGE).count() == len(
        demo.PAYING_SURCHARGE
    )
    assert PartnerPledge.objects.filter(settings__year=2018).count() == len(demo.PLEDGES)
    assert this_year.partner_pledges.count() == len(demo.PLEDGES)
    assert IncomeLine.objects.count() == len(demo.INCOME)
    politie = PartnerPledge.objects.get(
        settings=this_year, organisation__name__startswith="Politie"
    )
    assert politie.contact_user.username == "politie"
