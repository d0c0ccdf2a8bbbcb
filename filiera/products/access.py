"""Who may see and change a firm's products.

Products are private to the firm that makes them: its people see them (owner, editor, viewer),
its owners and editors change them, the platform admin may do both. District staff and other
firms do not see them (the pages answer 404, as for something that does not exist).
"""

from __future__ import annotations

from filiera.registry.access import is_editor, is_member
from filiera.registry.models import Firm


def can_view_products(user, firm: Firm) -> bool:
    return is_member(user, firm)


def can_edit_products(user, firm: Firm) -> bool:
    return is_editor(user, firm)
