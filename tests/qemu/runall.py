"""tests/qemu/runall.py - tests/run-all as a module, for the tools that
boot machines with its checks (tools/stress, tools/boot-loop): its file
name has no .py, so it cannot simply be imported."""

import importlib.machinery
import importlib.util
from pathlib import Path

RUN_ALL = Path(__file__).resolve().parent.parent / "run-all"


def load():
    """Returns a fresh module of tests/run-all; its globals (MATRIX, LOGS,
    QEMU_RUN, ...) are the caller's to change."""
    loader = importlib.machinery.SourceFileLoader("run_all", str(RUN_ALL))
    spec = importlib.util.spec_from_loader("run_all", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module
