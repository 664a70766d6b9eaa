"""Paths shared by the tests: the source tree (for fixtures) and the build tree (for the axon
command), given by ctest or found from this file's place."""

import os
import pathlib

import pytest

SOURCE_DIR = pathlib.Path(os.environ.get("AXON_SOURCE_DIR",
                                         pathlib.Path(__file__).resolve().parents[2]))
BINARY_DIR = pathlib.Path(os.environ.get("AXON_BINARY_DIR", SOURCE_DIR / "build"))
MODELS_DIR = SOURCE_DIR / "tests" / "fixtures" / "models"


@pytest.fixture
def models_dir():
    return MODELS_DIR


@pytest.fixture
def axon_command():
    path = BINARY_DIR / "cli" / "axon"
    if not path.exists():
        pytest.skip("the axon command is not built")
    return path
