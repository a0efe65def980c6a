import pytest

from contributions import reference
from contributions.models import Bracket, MunicipalityYear, YearSettings
from platform_ivz.core.models import Organisation


@pytest.fixture
def seeded_years(db):
    """2016–2018 as the data migration seeds them (again, if a flush removed them)."""
    reference.seed_years(YearSettings, Bracket, MunicipalityYear, Organisation)
    return {settings.year: settings for settings in YearSettings.objects.all()}


@pytest.fixture
def year_2018(seeded_years):
    return YearSettings.objects.get(year=2018)
