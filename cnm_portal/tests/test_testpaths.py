"""`make test` collects the tests of every app of the project (pyproject's testpaths)."""

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings


def test_every_project_app_with_tests_is_collected():
    root = Path(settings.BASE_DIR)
    testpaths = set(
        tomllib.loads((root / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"][
            "testpaths"
        ]
    )
    local = [
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == root and (Path(config.path) / "tests").is_dir()
    ]
    assert len(local) >= 14
    assert set(local) <= testpaths, sorted(set(local) - testpaths)
