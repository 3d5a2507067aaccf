from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("DO_NOT_TRACK", "1")
# a loaded machine can take longer than the default 20 s to start the temporary API server
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "seeds"


def load_shared_script(name: str):
    """Import one of ../shared/eval's scripts as a module (skip the test if shared/ is absent)."""
    path = SHARED / "eval" / f"{name}.py"
    if not path.exists():
        pytest.skip(f"{path} not found: the shared folder must sit beside the repo")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def con():
    """An in-memory warehouse with the raw schema and every view."""
    from tasks import load_warehouse as wh

    connection = wh.connect(":memory:")
    wh.create_schema(connection)
    wh.build_views(connection)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def nlp():
    from tasks.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
