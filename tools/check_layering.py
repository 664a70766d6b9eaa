#!/usr/bin/env python3
"""Checks that axon's rooms depend one way: a file in src/axon/ROOM includes only its own room and
the rooms below it, never a room on its own level, and nothing under src/ includes cli/.

    python3 tools/check_layering.py [REPO_ROOT]

Prints each offending include as FILE:LINE and exits 1 when there is one. The order below is the
room layout of docs/design.md, lowest first; rooms on one line may not include each other.
"""

import os
import re
import sys

ROOMS = [
    ["tensor"],
    ["metrics"],
    ["layers", "losses", "optimizers", "data"],
    ["model"],
    ["train"],
    ["io"],
    ["plot"],
    ["cli"],
]
LEVEL = {room: level for level, rooms in enumerate(ROOMS) for room in rooms}
SOURCE_SUFFIXES = (".hpp", ".h", ".cpp", ".cc")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


def included_room(include, bracket, file_dir, root):
    """The room an include names ('cli' for the command), or None for other headers."""
    src = os.path.join(root, "src")
    candidates = [include]
    resolved = os.path.normpath(os.path.join(file_dir, include))
    # A quoted include is looked up beside the including file first.
    if bracket == '"' and (include.startswith(".") or os.path.exists(resolved)):
        relative = os.path.relpath(resolved, root).replace(os.sep, "/")
        if relative.startswith("cli/"):
            return "cli"
        if relative.startswith("src/"):
            candidates.insert(0, os.path.relpath(resolved, src).replace(os.sep, "/"))
    for path in candidates:
        parts = path.split("/")
        if parts[0] == "cli":
            return "cli"
        if parts[0] == "axon" and len(parts) >= 2:
            return parts[1] if len(parts) > 2 else "axon.hpp"
    return None


def check_file(path, root):
    """The violations of one file under src/, as printable lines."""
    relative = os.path.relpath(path, root).replace(os.sep, "/")
    parts = relative.split("/")
    room = parts[2] if len(parts) > 3 and parts[1] == "axon" else None
    problems = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target = included_room(match.group(2), match.group(1), os.path.dirname(path), root)
            where = "%s:%d: %s" % (relative, number, line.strip())
            if target is None:
                continue
            if target == "cli":
                problems.append("%s: nothing under src/ may include cli/" % where)
            elif room is None or target == room:
                continue  # the umbrella header src/axon/axon.hpp includes every room
            elif room not in LEVEL:
                problems.append("%s: src/axon/%s/ is not a room of the layout" % (where, room))
            elif target == "axon.hpp":
                problems.append("%s: %s/ may not include the umbrella header" % (where, room))
            elif target not in LEVEL:
                problems.append("%s: %s/ is not a room of the layout" % (where, target))
            elif LEVEL[target] >= LEVEL[room]:
                relation = "on the same level as" if LEVEL[target] == LEVEL[room] else "above"
                problems.append(
                    "%s: %s/ may not include %s/ (%s it)" % (where, room, target, relation))
    return problems


def check_tree(root):
    """Every violation under root/src, sorted by file."""
    problems = []
    for directory, _, files in os.walk(os.path.join(root, "src")):
        for name in sorted(files):
            if name.endswith(SOURCE_SUFFIXES):
                problems += check_file(os.path.join(directory, name), root)
    return sorted(problems)


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    root = os.path.abspath(root)
    if not os.path.isdir(os.path.join(root, "src")):
        print("check_layering: %s has no src/ directory" % root, file=sys.stderr)
        return 2
    problems = check_tree(root)
    for problem in problems:
        print(problem)
    if problems:
        print("layering: %d include(s) point the wrong way" % len(problems))
        return 1
    print("layering: every include under src/ points down")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
