"""The child process of the python runner: ``python -m phoenix.runners.pychild REQUEST.json``.

Imports the recipe function, calls it with the SOF, the work dir and the parameters, and exits
0; any exception is printed with its traceback and exits 1.
"""

from __future__ import annotations

import importlib
import json
import sys
import traceback
from pathlib import Path

from phoenix.runners.base import SofEntry


def main(argv: list[str]) -> int:
    request = json.loads(Path(argv[0]).read_text())
    module_name, _, func_name = request["recipe"].partition(":")
    try:
        func = getattr(importlib.import_module(module_name), func_name)
        sof = [SofEntry(path, tag) for path, tag in request["sof"]]
        func(sof, Path(request["workdir"]), dict(request["parameters"]))
    except Exception as exc:
        sys.stderr.write("".join(traceback.format_exception(exc)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
