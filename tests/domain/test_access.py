from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain.access import (
    AccessDeniedError,
    Permission,
    Principal,
    Role,
    Sharing,
    allowed,
    can_see,
    needs_mask,
    present_number,
    require,
)

roles = st.sampled_from(list(Role))
orgs = st.sampled_from(["op-a", "op-b", "centre"])
mobiles = st.from_regex(r"\+861[3-9][0-9]{9}", fullmatch=True)


def test_role_grants() -> None:
    assert allowed(Role.PARTNER, Permission.LOOKUP)
    assert not allowed(Role.PARTNER, Permission.VIEW)
    assert not allowed(Role.PARTNER, Permission.SUBMIT_RECORDS)
    assert allowed(Role.SCREEN_ONLY, Permission.SCREEN)
    assert not allowed(Role.SCREEN_ONLY, Permission.LOOKUP)
    assert allowed(Role.MEMBER_OPERATOR, Permission.SUBMIT_RECORDS)
    assert not allowed(Role.MEMBER_OPERATOR, Permission.SHARE_LISTS)
    assert not allowed(Role.ANALYST, Permission.ADMIN)
    assert all(allowed(Role.ADMIN, p) for p in Permission)
    with pytest.raises(AccessDeniedError, match="partner may not view"):
        require(Principal("op-a", Role.PARTNER, 1, "p"), Permission.VIEW)


@given(roles, orgs, orgs)
def test_private_items_are_never_visible_to_another_org(role: Role, viewer: str, owner: str) -> None:
    assert can_see(viewer, owner, Sharing.PRIVATE) == (viewer == owner)
    assert can_see(viewer, owner, Sharing.SHARED)


@given(mobiles, orgs, orgs)
def test_partners_and_screeners_never_see_a_full_number(number: str, viewer: str, owner: str) -> None:
    for role in (Role.PARTNER, Role.SCREEN_ONLY):
        shown = present_number(number, Principal(viewer, role, 1, "x"), owner)
        assert shown != number
        assert "****" in shown


@given(mobiles, orgs, orgs)
def test_operators_see_their_own_numbers_and_only_masked_foreign_ones(
    number: str, viewer: str, owner: str
) -> None:
    op = Principal(viewer, Role.MEMBER_OPERATOR, 1, "x")
    assert needs_mask(op, owner) == (viewer != owner)
    assert present_number(number, Principal(viewer, Role.ANALYST, 1, "x"), owner) == number
