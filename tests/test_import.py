"""The public surface: ``import *`` works and every module declares ``__all__``.

That each ``__all__`` is sorted is ruff's RUF022, run by ``make lint``.
"""

import importlib
import pkgutil

import receivables


def test_star_import() -> None:
    namespace: dict[str, object] = {}
    exec("from receivables import *", namespace)
    assert set(receivables.__all__) <= set(namespace)


def test_every_module_declares_all() -> None:
    for module_info in pkgutil.walk_packages(receivables.__path__, "receivables."):
        module = importlib.import_module(module_info.name)
        names = getattr(module, "__all__", None)
        assert names is not None, f"{module_info.name} has no __all__"
        for name in names:
            assert hasattr(module, name), f"{module_info.name}.__all__ names missing {name}"
