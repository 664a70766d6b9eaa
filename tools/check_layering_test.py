#!/usr/bin/env python3
"""Tests of check_layering.py on small made-up trees: each kind of wrong include is reported with
its file and line, and the allowed ones are not."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_layering  # noqa: E402


class CheckLayeringTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = self.dir.name

    def tearDown(self):
        self.dir.cleanup()

    def write(self, path, *includes):
        full = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write("// a file\n")
            for include in includes:
                f.write("#include %s\n" % include)

    def test_includes_of_rooms_below_and_of_the_same_room_pass(self):
        self.write("src/axon/model/sequential.cpp", '"axon/model/sequential.hpp"',
                   '"axon/layers/dense.hpp"', '"axon/metrics/task.hpp"', "<vector>",
                   '"axon/tensor/tensor.hpp"')
        self.write("src/axon/tensor/detail/kernel.cpp", '"axon/tensor/gemm.hpp"')
        self.write("src/axon/axon.hpp", '"axon/plot/plot.hpp"', '"axon/model/sequential.hpp"')
        self.assertEqual(check_layering.check_tree(self.root), [])

    def test_an_include_of_a_room_above_is_reported_with_file_and_line(self):
        self.write("src/axon/tensor/tensor.cpp", "<cmath>", '"axon/model/sequential.hpp"')
        self.assertEqual(check_layering.check_tree(self.root), [
            'src/axon/tensor/tensor.cpp:3: #include "axon/model/sequential.hpp": tensor/ may not '
            "include model/ (above it)"])

    def test_rooms_on_one_level_may_not_include_each_other(self):
        self.write("src/axon/layers/dense.cpp", "<axon/losses/loss.hpp>")
        self.assertEqual(check_layering.check_tree(self.root), [
            "src/axon/layers/dense.cpp:2: #include <axon/losses/loss.hpp>: layers/ may not "
            "include losses/ (on the same level as it)"])

    def test_nothing_under_src_includes_cli(self):
        self.write("src/axon/plot/a.cpp", '"cli/progress.hpp"')
        self.write("src/axon/plot/b.cpp", '"../../../cli/progress.hpp"')
        problems = check_layering.check_tree(self.root)
        self.assertEqual(len(problems), 2, problems)
        for problem in problems:
            self.assertIn("nothing under src/ may include cli/", problem)

    def test_relative_includes_are_resolved_to_their_room(self):
        self.write("src/axon/data/loader.cpp", '"../io/csv_reader.hpp"')
        self.assertEqual(len(check_layering.check_tree(self.root)), 1)

    def test_unknown_rooms_and_the_umbrella_header_are_reported(self):
        self.write("src/axon/widgets/a.cpp", '"axon/tensor/tensor.hpp"')
        self.write("src/axon/model/b.cpp", '"axon/axon.hpp"', '"axon/gadgets/x.hpp"')
        problems = check_layering.check_tree(self.root)
        self.assertEqual(len(problems), 3, problems)

    def test_main_exits_1_on_a_violation_and_0_without(self):
        self.write("src/axon/tensor/a.cpp", '"axon/tensor/b.hpp"')
        self.assertEqual(check_layering.main(["check", self.root]), 0)
        self.write("src/axon/metrics/a.cpp", '"axon/data/dataset.hpp"')
        self.assertEqual(check_layering.main(["check", self.root]), 1)


if __name__ == "__main__":
    unittest.main()
