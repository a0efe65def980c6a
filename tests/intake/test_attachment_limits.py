"""Attachments cannot fill the disk, and never keep a dangerous name.

Limits (settings ATTACHMENTS_*, enforced in intake.services.add_attachments): files per
request, megabytes per request, megabytes per organisation per calendar day. Names: the
stored and offered name ends in the extension of the type read from the content; a name
with an extension of no allowed type is refused.
"""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation

from intake import services
from intake.models import Attachment, ProjectRequest
from platform_ivz.core import uploads
from tests.factories import MINIMAL_PDF, AttachmentFactory
from tests.intake.scenario import dutch, first_gemeenten, form_data, pdf_upload, request_in_status

pytestmark = pytest.mark.django_db

Status = ProjectRequest.Status
KB = 1024
MB = 1024 * 1024
HTA_BODY = b'<script language="VBScript">CreateObject("WScript.Shell").Run "calc"</script>\n'
GIF_HEADER = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_of(size: int, name="bijlage.pdf"):
    return pdf_upload(name, MINIMAL_PDF.ljust(size, b"0"))


def in_dutch(text, **params):
    with translation.override("nl"):
        return dutch(text, **{key: value() for key, value in params.items()})


def size_text(number):
    return lambda: filesizeformat(number)


@pytest.fixture
def small_limits(settings):
    settings.ATTACHMENTS_MAX_PER_REQUEST = 3
    settings.ATTACHMENTS_MAX_MB_PER_REQUEST = 1
    settings.ATTACHMENTS_MAX_MB_PER_ORGANISATION_PER_DAY = 2


def concept(actors, files=()):
    return request_in_status(
        Status.CONCEPT, indiener=actors["indiener"], reviewer=actors["voorzitter"], files=files
    )


def attachment_errors(error: ValidationError) -> list[str]:
    return error.value.message_dict["attachments"]


# --- The limits, in the service ---------------------------------------------------------------


def test_the_limits_are_settings_with_the_agreed_defaults_documented_in_dotenv():
    import platform_ivz.settings as configured

    assert configured.ATTACHMENTS_MAX_PER_REQUEST == 20
    assert configured.ATTACHMENTS_MAX_MB_PER_REQUEST == 50
    assert configured.ATTACHMENTS_MAX_MB_PER_ORGANISATION_PER_DAY == 200
    documented = (Path(configured.BASE_DIR) / "dotenv.example").read_text()
    for name, default in [
        ("ATTACHMENTS_MAX_PER_REQUEST", 20),
        ("ATTACHMENTS_MAX_MB_PER_REQUEST", 50),
        ("ATTACHMENTS_MAX_MB_PER_ORGANISATION_PER_DAY", 200),
    ]:
        assert f"#{name}={default}\n" in documented, name


def test_more_files_than_a_request_may_have_are_refused(actors, small_limits):
    request = concept(actors, files=[pdf_upload("een.pdf"), pdf_upload("twee.pdf")])
    with pytest.raises(ValidationError) as error:
        services.update_request(
            request=request,
            actor=actors["indiener"],
            data={"title": "Nieuwe titel"},
            gemeenten=first_gemeenten(7),
            expected_version=request.version,
            files=[pdf_upload("drie.pdf"), pdf_upload("vier.pdf")],
        )
    assert attachment_errors(error) == [
        in_dutch(
            "A request can have at most %(max)d attachments; with these it would have "
            "%(count)d. Remove some first or combine them into one file.",
            max=lambda: 3,
            count=lambda: 4,
        )
    ]
    request.refresh_from_db()
    assert request.attachments.count() == 2
    assert request.title != "Nieuwe titel"  # all or nothing

    # Up to the limit is fine.
    services.add_attachments(request=request, actor=actors["indiener"], files=[pdf_upload()])
    assert request.attachments.count() == 3


def test_a_request_may_not_grow_past_its_total_size(actors, small_limits):
    with pytest.raises(ValidationError) as error:
        concept(actors, files=[pdf_of(600 * KB, "a.pdf"), pdf_of(600 * KB, "b.pdf")])
    assert attachment_errors(error) == [
        in_dutch(
            "The attachments of a request may be at most %(max)s together; with these "
            "they would be %(total)s.",
            max=size_text(MB),
            total=size_text(1200 * KB),
        )
    ]
    assert not ProjectRequest.objects.exists()
    assert not Attachment.objects.exists()

    request = concept(actors, files=[pdf_of(600 * KB, "a.pdf")])
    with pytest.raises(ValidationError):
        services.add_attachments(
            request=request, actor=actors["indiener"], files=[pdf_of(600 * KB, "b.pdf")]
        )


def test_an_organisation_may_upload_only_so_much_per_day(actors, small_limits):
    """Counted over all the organisation's requests, per calendar day in Dutch time."""
    amsterdam = datetime.timezone(datetime.timedelta(hours=1))
    with time_machine.travel(datetime.datetime(2026, 3, 2, 23, 30, tzinfo=amsterdam), tick=False):
        concept(actors, files=[pdf_of(900 * KB, "gisteren.pdf")])
    with time_machine.travel(datetime.datetime(2026, 3, 3, 0, 30, tzinfo=amsterdam), tick=False):
        concept(actors, files=[pdf_of(900 * KB, "vandaag-1.pdf")])
        concept(actors, files=[pdf_of(900 * KB, "vandaag-2.pdf")])
        # A colleague's request of the same organisation shares the day's budget.
        with pytest.raises(ValidationError) as error:
            request_in_status(
                Status.CONCEPT,
                indiener=actors["collega"],
                reviewer=actors["voorzitter"],
                files=[pdf_of(300 * KB, "te-veel.pdf")],
            )
        assert attachment_errors(error) == [
            in_dutch(
                "Your organisation can upload at most %(max)s of attachments per day; "
                "%(left)s is left today. Try again tomorrow or ask the regiocoördinator.",
                max=size_text(2 * MB),
                left=size_text(2 * MB - 1800 * KB),
            )
        ]
        # Another organisation has its own budget.
        request_in_status(
            Status.CONCEPT,
            indiener=actors["andere_organisatie"],
            reviewer=actors["voorzitter"],
            files=[pdf_of(900 * KB, "elders.pdf")],
        )
    with time_machine.travel(datetime.datetime(2026, 3, 4, 9, 0, tzinfo=amsterdam), tick=False):
        concept(actors, files=[pdf_of(300 * KB, "morgen.pdf")])


def test_the_page_shows_the_limit_next_to_the_field_and_keeps_the_text(
    actors, client, small_limits
):
    client.force_login(actors["indiener"])
    files = [pdf_upload(f"bijlage-{n}.pdf") for n in range(4)]
    response = client.post(
        reverse("intake:create"),
        {**form_data(title="Mijn getypte titel"), "save": "1", "attachments": files},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["attachments"]
    assert errors == [
        in_dutch(
            "A request can have at most %(max)d attachments; with these it would have "
            "%(count)d. Remove some first or combine them into one file.",
            max=lambda: 3,
            count=lambda: 4,
        )
    ]
    page = response.content.decode()
    assert 'value="Mijn getypte titel"' in page
    assert not ProjectRequest.objects.exists()

    # The edit page too: the request is left as it was.
    request = concept(actors, files=[pdf_upload("een.pdf")])
    response = client.post(
        reverse("intake:edit", args=[request.pk]),
        {
            **form_data(title="Andere titel", gemeenten=first_gemeenten(7)),
            "version": request.version,
            "save": "1",
            "attachments": files,
        },
    )
    assert response.status_code == 400
    assert "attachments" in response.context["form"].errors
    assert 'value="Andere titel"' in response.content.decode()
    request.refresh_from_db()
    assert request.title != "Andere titel"
    assert request.attachments.count() == 1


# --- Names: the detected type's extension, or refused -----------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "refused"),
    [
        ("Begroting 2027.hta", MINIMAL_PDF + HTA_BODY, ".hta"),
        ("Begroting 2027.hta.", MINIMAL_PDF + HTA_BODY, ".hta"),  # Windows drops the dot
        ("foto.html", GIF_HEADER + b"<script>alert(1)</script>", ".html"),
        ("foto.svg", PNG, ".svg"),
        ("rapport.exe", MINIMAL_PDF, ".exe"),
    ],
)
def test_a_name_with_a_dangerous_extension_is_refused_in_dutch(
    actors, client, private_media, name, data, refused
):
    client.force_login(actors["indiener"])
    response = client.post(
        reverse("intake:create"),
        {
            **form_data(title="Verzoek met bijlage"),
            "save": "1",
            "attachments": SimpleUploadedFile(name, data),
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["attachments"]
    assert errors == [
        dutch(
            "%(name)s has the extension %(extension)s, which is not allowed. Use PDF, "
            "Word, Excel, OpenDocument or an image (JPEG, PNG, GIF, WebP).",
            name=name,
            extension=refused,
        )
    ]
    assert "Verzoek met bijlage" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not any(Path(private_media).rglob("*.*"))

    # The service refuses it as well, whoever calls it.
    with pytest.raises(ValidationError):
        concept(actors, files=[SimpleUploadedFile(name, data)])
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "stored"),
    [
        ("Begroting 2027.docx", MINIMAL_PDF, "Begroting 2027.pdf"),  # allowed, wrong type
        ("Mijn notitie (concept).PDF", MINIMAL_PDF, "Mijn notitie (concept).pdf"),
        ("foto.jpg", PNG, "foto.png"),
        ("plaatje.PNG", PNG, "plaatje.png"),
        ("Notulen 12.3.2026", MINIMAL_PDF, "Notulen 12.3.2026.pdf"),  # no extension at all
        ("scan", GIF_HEADER, "scan.gif"),
        ("regel\neen.pdf", MINIMAL_PDF, "regel een.pdf"),
    ],
)
def test_the_stored_and_offered_name_has_the_detected_types_extension(
    actors, client, name, data, stored
):
    request = concept(actors, files=[SimpleUploadedFile(name, data)])
    attachment = request.attachments.get()
    assert attachment.original_name == stored
    # The file on disk gets the safe extension too.
    on_disk = Path(attachment.file.name).name
    assert re.fullmatch(r"[0-9a-f]{32}" + re.escape(Path(stored).suffix), on_disk), on_disk

    client.force_login(actors["collega"])
    response = client.get(reverse("intake:attachment", args=[request.pk, attachment.pk]))
    assert response.status_code == 200
    assert f'filename="{stored}"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("original_name", "content_type", "offered"),
    [
        ("Begroting 2027.hta", "application/pdf", "Begroting 2027.pdf"),
        ("foto.html", "image/gif", "foto.gif"),
        ("foto.jpeg", "image/jpeg", "foto.jpeg"),
        ("a.exe", "text/html", "a.bin"),  # a type no longer allowed: nothing opens it
    ],
)
def test_an_old_attachment_is_offered_under_a_safe_name(
    actors, client, original_name, content_type, offered
):
    """Rows stored before names were checked: the download derives the name from the type."""
    request = concept(actors)
    attachment = AttachmentFactory(
        request=request, original_name=original_name, content_type=content_type
    )
    client.force_login(actors["collega"])
    response = client.get(reverse("intake:attachment", args=[request.pk, attachment.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="{offered}"'
    detail = client.get(request.get_absolute_url()).content.decode()
    assert f">{offered}</a>" in detail
    if offered != original_name:
        assert original_name not in detail


def test_safe_name_never_ends_in_a_foreign_extension():
    for mime, kind in uploads.ALLOWED_KINDS.items():
        for name in ["x.hta", "x.html", "x.pdf.exe", "x. .hta. ", "x\u2028.js", ".hta", ""]:
            result = uploads.safe_name(name, mime)
            assert Path(result).suffix in kind.extensions, (name, mime, result)
            assert result.strip() and "\n" not in result and "/" not in result
