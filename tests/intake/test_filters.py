"""The request list's search reads every text of the intake format, not only the first two."""

import pytest

from intake.filters import ProjectRequestFilter
from intake.formats import REQUEST_FULL_FORMAT
from intake.models import ProjectRequest
from tests.factories import ProjectRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", list(REQUEST_FULL_FORMAT))
def test_search_finds_a_word_in_each_field_of_the_format(field):
    found = ProjectRequestFactory(**{field: "Een zeldzaam woord: woninginbraakgolf."})
    ProjectRequestFactory()
    result = ProjectRequestFilter({"q": "WONINGINBRAAKGOLF"}, ProjectRequest.objects.all()).qs
    assert list(result) == [found]
