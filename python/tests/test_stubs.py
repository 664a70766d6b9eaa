"""The type stubs describe the extension module as built, and the API documents itself."""

import ast
import pathlib

import axon
from axon import _core

STUB = pathlib.Path(__file__).resolve().parents[1] / "axon" / "_core.pyi"


def test_every_stub_name_exists_and_every_public_name_has_a_stub():
    tree = ast.parse(STUB.read_text())
    stubbed = {node.name for node in tree.body
               if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    for name in stubbed:
        assert hasattr(_core, name), name
    public = {name for name in dir(_core) if not name.startswith("__")}
    assert public - stubbed == set()
    methods = {node.name for cls in tree.body if isinstance(cls, ast.ClassDef)
               and cls.name == "Model" for node in cls.body if isinstance(node, ast.FunctionDef)}
    for name in methods:
        assert hasattr(_core.Model, name), name


def test_help_shows_the_documented_api():
    for item in [axon.Sequential, axon.Sequential.fit, axon.Sequential.predict, axon.load,
                 axon.datasets.fashion_mnist, axon.callbacks.EarlyStopping, axon.layers.Dense,
                 axon.optimizers.Adam]:
        assert item.__doc__ and len(item.__doc__) > 40, item
    assert "validation_split" in axon.Sequential.fit.__doc__
