"""Every module under src/ has its mirror under tests/ (beancount's find_missing_tests habit)."""

from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "receivables"
TESTS = Path(__file__).resolve().parent


def test_every_module_has_a_test_file() -> None:
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if path.name in {"__init__.py", "__main__.py"}:
            continue
        mirror = TESTS.joinpath(*relative.parts[:-1], f"test_{path.name}")
        if not mirror.exists():
            missing.append(str(relative))
    assert not missing, f"modules without tests: {missing}"
