"""Hypothesis profiles: ``ci`` is thorough, ``dev`` is quick (HYPOTHESIS_PROFILE selects).

``soak`` is for ``make soak`` (never CI): every property runs ``SOAK_EXAMPLES``
examples, those whose own ``@settings`` ask for fewer too.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile(
    "soak",
    max_examples=int(os.environ.get("SOAK_EXAMPLES", "37000")),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under ``soak``, a test's own ``max_examples`` gives way to the profile's."""
    if os.environ.get("HYPOTHESIS_PROFILE") != "soak":
        return
    for item in items:
        test = getattr(item, "obj", None)
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is not None:
            test._hypothesis_internal_use_settings = settings(  # type: ignore[union-attr]
                own, max_examples=settings.default.max_examples
            )
