"""tests/qemu/ktap.py - read KTAP version 1 out of a test program's output.

Host test programs print KTAP on stdout; the kernel prints it on the serial
console among its other log lines, each behind printk's timestamp
"[    0.012345] ", which parse() strips first, as Linux's kunit parser
does. It keeps the lines that are KTAP (at an indentation of two spaces
per nesting level) and ignores the rest, so the boot log and QEMU's own
output around the tests do no harm.

What counts: every test that has no subtests is one case (a suite's own
result line is not counted again). What is checked: each level has a plan
and as many results as it planned, numbered in order; every suite's result
agrees with its cases; every suite that was started got a result. A broken
rule is a "problem": the output cannot be trusted as a complete run.
"""

import re
from dataclasses import dataclass, field

RESULT = re.compile(r"(not ok|ok) (\d+)(?: -)? ?([^#]*?)\s*(?:#\s*(.*))?$")
PLAN = re.compile(r"1\.\.(\d+)$")
SUBTEST = re.compile(r"# Subtest: (.*)$")
VERSION = re.compile(r"KTAP version 1$")
# printk's prefix: exactly one space after it, the KTAP indentation follows.
TIMESTAMP = re.compile(r"^\[ *\d+\.\d+\] ")


def strip_timestamp(line):
    """Returns line without a leading printk timestamp, if it has one."""
    return TIMESTAMP.sub("", line, count=1)


@dataclass
class Case:
    name: str  # "suite.case" for nested cases
    ok: bool
    skipped: bool


@dataclass
class Report:
    cases: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    found: bool = False  # saw a top-level version line

    @property
    def failed_cases(self):
        return [case for case in self.cases if not case.ok]


@dataclass
class _Block:
    """An open KTAP block: one level of nesting, between its version line
    and (for a nested block) the result line of the suite it belongs to."""

    subtest: str = "?"  # the "# Subtest:" name, for messages
    plan: int = None
    results: int = 0
    cases: list = field(default_factory=list)  # names relative to the block


def parse(text):
    report = Report()
    blocks = []  # blocks[d] is the open block at depth d

    def where():
        return ".".join(block.subtest for block in blocks[1:]) or "top level"

    def close_block(suite_name):
        """Checks the innermost block's plan and returns its cases, named
        below suite_name."""
        if blocks[-1].plan is None:
            report.problems.append(f"{where()}: no plan line (1..N)")
        elif blocks[-1].plan != blocks[-1].results:
            report.problems.append(
                f"{where()}: planned {blocks[-1].plan} tests, ran {blocks[-1].results}"
            )
        prefix = suite_name + "." if suite_name else ""
        block = blocks.pop()
        return [Case(prefix + case.name, case.ok, case.skipped) for case in block.cases]

    def close_unfinished_blocks(depth):
        """Closes the blocks deeper than depth whose suite never reported."""
        while len(blocks) > depth + 1:
            report.problems.append(f"{where()}: did not finish")
            name = blocks[-1].subtest
            cases = close_block(name)
            blocks[-1].cases += cases

    def close_document():
        close_unfinished_blocks(0)
        if blocks:
            report.cases += close_block("")

    for raw_line in text.splitlines():
        line = strip_timestamp(raw_line.rstrip("\r"))
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if indent % 2:
            continue
        depth = indent // 2

        if VERSION.match(stripped):
            if depth == 0:
                close_document()
                report.found = True
            if depth == len(blocks):
                blocks.append(_Block())
            continue
        if depth >= len(blocks):
            continue  # not inside a KTAP block at this depth: log noise
        block = blocks[depth]

        if match := SUBTEST.match(stripped):
            block.subtest = match.group(1)
        elif match := PLAN.match(stripped):
            block.plan = int(match.group(1))
        elif match := RESULT.match(stripped):
            ok = match.group(1) == "ok"
            number, name = int(match.group(2)), match.group(3)
            skipped = (match.group(4) or "").upper().startswith("SKIP")
            close_unfinished_blocks(depth + 1)
            if number != block.results + 1:
                report.problems.append(
                    f"{where()}: result {number} where {block.results + 1} was due"
                )
            block.results += 1
            if depth + 1 < len(blocks):
                # A suite's result line closes the block of its cases.
                cases = close_block(name)
                failed = sum(not case.ok for case in cases)
                if ok != (failed == 0):
                    report.problems.append(
                        f"{name}: suite says {match.group(1)} but {failed} "
                        f"of its {len(cases)} cases failed"
                    )
                block.cases += cases
            else:
                block.cases.append(Case(name, ok, skipped))

    close_document()
    if not report.found:
        report.problems.append("no KTAP output")
    return report
