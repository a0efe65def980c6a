"""`Cache-Control: no-store` on signed-in pages and every download (core/cache_control.py)."""

import datetime

import pytest
from django.urls import reverse

from platform_ivz.core.models import Meeting
from tests.factories import AttachmentFactory


def assert_not_stored(response):
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control, response["Cache-Control"]


@pytest.mark.django_db
def test_a_signed_in_page_is_not_stored(client, platformlid):
    client.force_login(platformlid)
    response = client.get("/")
    assert response.status_code == 200
    assert_not_stored(response)


@pytest.mark.django_db
def test_an_attachment_download_is_not_stored(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attachment = AttachmentFactory()
    client.force_login(attachment.uploaded_by)
    response = client.get(
        reverse("intake:attachment", args=[attachment.request_id, attachment.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert_not_stored(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["contributions:table_csv", "contributions:table_xlsx"])
def test_a_contributions_export_is_not_stored(client, platformlid, name):
    client.force_login(platformlid)
    response = client.get(reverse(name, args=[2016]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert_not_stored(response)


@pytest.mark.django_db
def test_a_report_pdf_is_not_stored(client, platformlid):
    meeting = Meeting.objects.create(body=Meeting.Body.PLATFORM, date=datetime.date(2026, 3, 9))
    client.force_login(platformlid)
    response = client.get(reverse("reporting:besluitenlijst", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_not_stored(response)


@pytest.mark.django_db
@pytest.mark.urls("tests.ops.download_urls")
@pytest.mark.parametrize("path", ["/pdf/", "/bijlage/"])
def test_a_download_is_not_stored_even_when_its_view_forgets(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_not_stored(response)


@pytest.mark.django_db
@pytest.mark.urls("tests.ops.download_urls")
def test_a_public_page_keeps_its_own_caching(client):
    response = client.get("/pagina/")
    assert response.status_code == 200
    assert not response.has_header("Cache-Control")
