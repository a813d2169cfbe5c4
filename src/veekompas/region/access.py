"""Who may do what with the registry: the role x resource x action rules, pure and in one place.

Roles (``domain.users.ROLES``):

- ``admin`` — everything, including users and consents of any farm.
- ``regio`` — reads, adds and edits every farm of the region; no deleting, no consents.
- ``gemeente`` — reads, adds and edits the farms of its own municipality.
- ``adviseur`` — reads farms that granted it a valid consent; edits them if the consent's scope
  is ``bewerken``.
- ``boer`` — reads and edits its own farm and grants or withdraws consents for it.
- ``publiek`` — open data only: no registry access.

A farm's municipality and location (RD x/y and place) decide whose reach it is in, so only the
authorities change them (:func:`may_relocate`): admin and regio anywhere, a gemeente within its
own municipality. A boer or adviseur that may edit the farm may not move it: it could take the
farm out of its gemeente's reach.

A farm outside a user's reach is "not found" for that user (its existence is not revealed); a farm
within reach but an action not allowed is "forbidden".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from veekompas.domain.users import User

Action = Literal["read", "create", "update", "delete"]
Resource = Literal["farm", "history", "consent", "user"]


@dataclass(frozen=True)
class Reach:
    """The farms a user can see: all, one municipality's, or a set of UBNs (None = no limit)."""

    everything: bool = False
    municipality: str | None = None
    ubns: frozenset[str] | None = None

    def includes(self, ubn: str, municipality: str) -> bool:
        if self.everything:
            return True
        if self.municipality is not None:
            return municipality == self.municipality
        return self.ubns is not None and ubn in self.ubns


def reach(user: User, consent_scopes: dict[str, str]) -> Reach:
    """The farms ``user`` may see; ``consent_scopes`` maps UBN -> scope of valid consents."""
    if user.role in ("admin", "regio"):
        return Reach(everything=True)
    if user.role == "gemeente":
        return Reach(municipality=user.municipality)
    if user.role == "adviseur":
        return Reach(ubns=frozenset(consent_scopes))
    if user.role == "boer" and user.farm_ubn:
        return Reach(ubns=frozenset({user.farm_ubn}))
    return Reach(ubns=frozenset())


def may(user: User, action: Action, resource: Resource, consent_scope: str | None = None) -> bool:
    """Whether ``user`` may do ``action`` on ``resource`` of a farm within its reach.

    ``consent_scope`` is the adviseur's consent scope for that farm (``inzien``/``bewerken``)."""
    role = user.role
    if role == "admin":
        return True
    if resource == "user" or role == "publiek":
        return False
    if resource == "consent":
        return role == "boer"
    if resource == "history":
        return action == "read"
    # resource == "farm"
    if action == "read":
        return True
    if action == "delete":
        return False
    if role == "adviseur":
        return action == "update" and consent_scope == "bewerken"
    if role == "boer":
        return action == "update"
    return role in ("regio", "gemeente")


LOCATION_FIELDS = ("municipality", "location.x_rd", "location.y_rd", "location.place")


def may_relocate(user: User, old_municipality: str, new_municipality: str) -> bool:
    """Whether ``user`` may change the municipality or location of a farm (within its reach)
    from ``old_municipality`` to ``new_municipality`` (equal when only the location changes)."""
    if user.role in ("admin", "regio"):
        return True
    if user.role == "gemeente":
        return old_municipality == new_municipality == user.municipality
    return False


def relocation_refusal(user: User, changed: list[str]) -> str:
    """The one-line refusal of a move by ``user``; ``changed`` are the changed location fields
    (:data:`LOCATION_FIELDS`), the first of which is named as the field."""
    field = changed[0].split(".")[0]
    if user.role == "gemeente":
        return f"{field}: a move to another municipality needs an admin"
    return f"{field}: a change of municipality or location needs the gemeente or an admin"
