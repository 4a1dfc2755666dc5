"""The committed demo files are exactly what ``seeds/generate_demo.py`` makes from its data."""

import importlib.util
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _load_generator():
    """Import seeds/generate_demo.py from its path: seeds/ is not a package."""
    spec = importlib.util.spec_from_file_location("generate_demo", SEEDS / "generate_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated():
    """What the generator would write, by file name, without writing anything."""
    generator = _load_generator()
    demo = generator.build_demo()
    return {name: generator.render(rows) for name, rows in demo.items()}


def test_generator_makes_the_three_output_files(generated):
    assert set(generated) == {"organisations", "venues", "activities"}


@pytest.mark.parametrize("name", ["organisations", "venues", "activities"])
def test_committed_file_is_byte_for_byte_what_the_generator_writes(generated, name):
    committed = (SEEDS / f"{name}.json").read_bytes()
    assert generated[name].encode("utf-8") == committed, (
        f"seeds/{name}.json differs from what seeds/generate_demo.py makes from its data: "
        "run `python seeds/generate_demo.py` and review the diff"
    )


def test_building_twice_gives_the_same_demo():
    generator = _load_generator()
    assert generator.build_demo() == generator.build_demo()
