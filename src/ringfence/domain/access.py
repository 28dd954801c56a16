"""Who may do what: roles, permissions, tenancy and masking, as pure rules.

Organisations are tenants. Every principal (an API key or the console session it opened) belongs to
exactly one organisation and has one role; what it may do follows from the role alone, and what it
may *see* follows from the owner of each item and the item's sharing. Kept pure so the rules can be
tested exhaustively and the API, the console and the CLI apply the same ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from ringfence.domain.privacy import mask_number
from ringfence.errors import ConfigError, RingfenceError

_ORG_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def org_id(value: str) -> str:
    """An organisation (tenant) id as every entry point accepts it: lower-case letters, digits, ``-``
    and ``_``, at most 64 characters (it appears in URLs, logs and file names)."""
    if not _ORG_ID.match(value):
        raise ConfigError(f"organisation id {value!r}: use lower-case letters, digits, '-' and '_'")
    return value


__all__ = [
    "AccessDeniedError",
    "NotFoundError",
    "Permission",
    "Principal",
    "Role",
    "Sharing",
    "UnauthenticatedError",
    "allowed",
    "can_see",
    "needs_mask",
    "org_id",
    "present_number",
    "require",
]


class UnauthenticatedError(RingfenceError):
    """No credentials, or credentials that match no live key (HTTP 401)."""


class AccessDeniedError(RingfenceError):
    """The principal is known but its role or organisation does not allow this (HTTP 403)."""


class NotFoundError(RingfenceError):
    """Nothing with this id exists for this organisation (HTTP 404); other tenants' items look absent."""


class Role(StrEnum):
    ADMIN = "admin"  # everything in its organisation, plus keys and the audit log
    ANALYST = "analyst"  # triage, cases, dispositions, lists (including shared), policies, reports
    MEMBER_OPERATOR = "member-operator"  # submits records, works its own alerts, private list entries
    PARTNER = "partner"  # read-only lookups of numbers and URLs
    SCREEN_ONLY = "screen-only"  # call and message screening, nothing else


class Permission(StrEnum):
    LOOKUP = "lookup"
    SCREEN = "screen"
    SUBMIT_RECORDS = "submit_records"
    REPORT_FRAUD = "report_fraud"
    VIEW = "view"  # alerts, numbers' timelines, dashboards, reports, the console
    TRIAGE = "triage"  # confirm or dismiss alerts, open cases
    DISPOSE = "dispose"  # suspend, restrict or label a number
    EDIT_LISTS = "edit_lists"
    SHARE_LISTS = "share_lists"  # make a list entry visible to other organisations
    ADMIN = "admin"  # keys and the audit log
    HOLDERS = "holders"  # one-ID lookup of an identity's cards, card-opening checks


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.ANALYST: frozenset(Permission) - {Permission.ADMIN},
    Role.MEMBER_OPERATOR: frozenset(
        {
            Permission.LOOKUP,
            Permission.SCREEN,
            Permission.SUBMIT_RECORDS,
            Permission.REPORT_FRAUD,
            Permission.VIEW,
            Permission.TRIAGE,
            Permission.DISPOSE,
            Permission.EDIT_LISTS,
            Permission.HOLDERS,
        }
    ),
    Role.PARTNER: frozenset({Permission.LOOKUP}),
    Role.SCREEN_ONLY: frozenset({Permission.SCREEN}),
}


class Sharing(StrEnum):
    PRIVATE = "private"  # only the owning organisation
    SHARED = "shared"  # every organisation on the platform (numbers masked for some roles)


@dataclass(frozen=True, slots=True)
class Principal:
    org: str
    role: Role
    key_id: int
    name: str

    @property
    def actor(self) -> str:
        """How the audit log names this principal."""
        return f"{self.org}/{self.name}#{self.key_id}"


def allowed(role: Role, permission: Permission) -> bool:
    return permission in _GRANTS[role]


def require(principal: Principal, permission: Permission) -> None:
    """Raise ``AccessDeniedError`` unless the principal's role grants ``permission``."""
    if not allowed(principal.role, permission):
        raise AccessDeniedError(f"role {principal.role.value} may not {permission.value.replace('_', ' ')}")


def can_see(viewer_org: str, owner_org: str, sharing: Sharing) -> bool:
    """Tenancy: an item is visible to its owner, and to everyone once shared."""
    return viewer_org == owner_org or sharing is Sharing.SHARED


def needs_mask(viewer: Principal, owner_org: str) -> bool:
    """Whether numbers owned by ``owner_org`` are masked for ``viewer``.

    Partners and screen-only clients never see full numbers they did not send; an operator sees its own
    subscribers' numbers but not those in another operator's shared items; analysts and admins, who
    investigate across the platform, see numbers in full.
    """
    if viewer.role in (Role.PARTNER, Role.SCREEN_ONLY):
        return True
    if viewer.role is Role.MEMBER_OPERATOR:
        return viewer.org != owner_org
    return False


def present_number(number: str, viewer: Principal, owner_org: str) -> str:
    return mask_number(number) if needs_mask(viewer, owner_org) else number
