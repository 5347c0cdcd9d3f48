"""Writes of the annual cycle: every function takes ``actor``, checks its permission, runs in a
transaction and writes an audit entry. Grouped by step: the cycle and its milestones, needs, the
agency plans, the provincial plan (consolidation, approval, adjustment), execution."""

from apps.annual.services.cycle import *  # noqa: F403
from apps.annual.services.execution import *  # noqa: F403
from apps.annual.services.needs import *  # noqa: F403
from apps.annual.services.plans import *  # noqa: F403
from apps.annual.services.province import *  # noqa: F403
