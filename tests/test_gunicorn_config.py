"""gunicorn.conf.py: a worker leaves the loaded app out of the full garbage collections."""

import gc
import runpy
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


@pytest.fixture
def unfrozen_afterwards():
    gc.unfreeze()
    yield
    gc.unfreeze()  # this test process goes on collecting as before


def test_a_worker_freezes_what_loading_the_app_made(app, unfrozen_afterwards):
    assert gc.get_freeze_count() == 0
    settings = runpy.run_path(str(CONFIG))
    settings["post_worker_init"](worker=None)
    # The app alone is about 200,000 objects; a test process holds more.
    assert gc.get_freeze_count() > 100_000
    tracked = len(gc.get_objects())
    assert tracked < gc.get_freeze_count() / 2, tracked
