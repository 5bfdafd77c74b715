"""The calendar invitation (RFC 5545 / iTIP RFC 5546) of a file-access appointment.

One UID for the appointment's whole life; each change raises SEQUENCE, so that a calendar
replaces the event it already holds (a move) or removes it (METHOD:CANCEL). Times carry the
Europe/Luxembourg TZID with its VTIMEZONE: the office's wall-clock time, right across DST.
The SUMMARY names no one: an invitation can be seen on a shared or locked screen.
"""

from __future__ import annotations

from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from openaef.core.i18n import pick

from .models import AccessAppointment

PRODID = "-//OpenAEF//File-access appointment//EN"
OFFICE_TZ = "Europe/Luxembourg"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


def judicial_notice() -> str:
    # Seed 002 (AEF art. 7): in a judicial placement the court's own file is consulted at the
    # youth court's registry, not at ONE.
    return _(
        "As a court is involved, you and/or your lawyer may also consult the court's file at the registry "
        "of the youth court (tribunal de la jeunesse). This appointment shows the file kept by ONE."
    )


def what_to_bring() -> str:
    return _(
        "Please bring your identity card (or passport). A professional of ONE will help you read the file "
        "and answer your questions."
    )


def office_address(appointment: AccessAppointment) -> str:
    office = appointment.office
    place = " ".join(p for p in (office.postcode, office.locality) if p)
    return ", ".join(p for p in (str(pick(office.name)), office.building, office.street, place) if p)


def invitation_summary() -> str:
    return _("Consultation of your file – ONE")


def invitation_ics(
    appointment: AccessAppointment, *, method: str = REQUEST, judicial: bool = False, attendee_email: str = ""
) -> bytes:
    """The invitation (or its cancellation) as bytes, in the active language."""
    zone = ZoneInfo(OFFICE_TZ)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"{appointment.uid}@openaef")
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    event.add("dtstart", appointment.starts_at.astimezone(zone))
    event.add("dtend", appointment.ends_at.astimezone(zone))
    event.add("summary", invitation_summary())
    description = [what_to_bring()]
    if judicial:
        description.append(judicial_notice())
    if method == CANCEL and appointment.cancel_reason:
        description.insert(0, _("This appointment is cancelled."))
    event.add("description", "\n\n".join(description))
    event.add("location", office_address(appointment))
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText("ONE")
    event.add("organizer", organizer)
    if attendee_email:
        attendee = vCalAddress(f"mailto:{attendee_email}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_filename(appointment: AccessAppointment) -> str:
    """No name and no date of birth: the request's reference is all that identifies it."""
    return f"appointment-{appointment.request.reference}.ics"
