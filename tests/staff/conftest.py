import pytest

from overture.organisations.models import Membership
from overture.season.models import Activity
from tests import factories


@pytest.fixture
def other_staff_user(other_org):
    return factories.staff(other_org, username="otto")


@pytest.fixture
def org_admin_user(org):
    return factories.staff(org, role=Membership.Role.ADMIN, username="ada")


@pytest.fixture
def practice(org):
    return factories.practice(org, name="Listening in silence", strictness=0.8)


@pytest.fixture
def draft_activity(org, practice):
    return factories.activity(
        org, "Symphony No. 4", status=Activity.Status.DRAFT, requirements=[(practice, 1, 0.8)]
    )
