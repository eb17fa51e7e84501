"""Fixtures shared by the committee tests: one account per role, and the small dataset."""

import pytest

from accounts.roles import Role
from tests.factories import user_with_role
from tests.feedback.summary_data import build_dataset


@pytest.fixture
def people():
    return {
        role: user_with_role(role, password=None, display_name=f"{role.label} Person")
        for role in (Role.COORDINATOR, Role.COMMITTEE_MEMBER, Role.FACILITATOR, Role.RESIDENT)
    }


@pytest.fixture
def data():
    return build_dataset()
