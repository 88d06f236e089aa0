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


def _profile_examples() -> int:
    """The CI profile's ``max_examples``, read from tests/conftest.py."""
    import re

    conftest = (TESTS / "conftest.py").read_text(encoding="utf-8")
    found = re.search(r'"ci",\s*max_examples=(\d+)', conftest)
    assert found, "tests/conftest.py registers a 'ci' Hypothesis profile with max_examples"
    return int(found.group(1))


def test_fewer_examples_than_the_profile_say_why() -> None:
    # Issue 12: a property that runs fewer examples than the CI profile says why, in a
    # comment on the line above its @settings, so nobody lowers a count to hide a flake.
    import re

    profile = _profile_examples()
    silent = []
    for path in sorted(TESTS.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            found = re.match(r"\s*@settings\(.*max_examples=(\d+)", line)
            if found and int(found.group(1)) < profile:
                above = lines[number - 1].strip() if number else ""
                if not above.startswith("# Fewer examples"):
                    silent.append(f"{path.relative_to(TESTS)}:{number + 1}")
    assert not silent, f"fewer examples than the CI profile, without a reason: {silent}"
