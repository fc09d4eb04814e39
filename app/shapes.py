"""JSON shapes the API returns, and what each role may see in them.

A marketer works with lead quality, not with customers: phone numbers reach
that role masked (all but the last three digits). Reviewers (qa_lead, coach,
admin) call customers back and see them whole.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

FULL_CONTACT_ROLES = frozenset({"qa_lead", "coach", "admin"})


def mask_phone(phone: str | None) -> str | None:
    """``0912 345 678`` -> ``*******678``: enough to tell two leads apart, not to call."""
    if not phone:
        return phone
    digits = [c for c in phone if c.isdigit()]
    return "*" * max(len(digits) - 3, 0) + "".join(digits[-3:])


class LeadOut(BaseModel):
    """A CRM lead as the API shows it."""

    lead_id: str
    created_at: datetime
    source: str | None = None
    status: str
    stage: str
    owner: str | None = None
    phone: str | None = None
    first_contact_at: datetime | None = None
    closed_at: datetime | None = None
    lost_reason: str | None = None


def lead_out(lead, role: str) -> LeadOut:
    shown = LeadOut.model_validate(lead, from_attributes=True)
    if role not in FULL_CONTACT_ROLES:
        shown = shown.model_copy(update={"phone": mask_phone(shown.phone)})
    return shown
