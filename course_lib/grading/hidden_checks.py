"""Hidden checks whose verdict is reached outside the student's kernel.

In a source notebook, the hidden tests of a test cell are ``expect`` lines:

    ### BEGIN HIDDEN TESTS
    from course_lib.grading.hidden_checks import expect
    expect(lambda: compressed_root("L1-L2", "posterolateral"), "L2")
    expect(lambda: compressed_root("L5-L6", "posterolateral"), raises=ValueError)
    ### END HIDDEN TESTS

Run as plain Python (the instructor's own run, ``nbgrader validate``) each line checks at once.
At autograde, the grader splits them (`parse`): the calls go to the student's kernel, which only
runs them and sends back what they returned or raised (`kernel_source`); the expected values
stay in the grading process, which compares after the kernel has finished (`failures`). No code
in the student's kernel (hooks, patched built-ins, a swallowed error) can then fake a pass: it
would have to produce the right answers.
"""
import ast
import math
from dataclasses import dataclass

BEGIN, END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
MIME = "application/vnd.fbss.hidden-results+json"
MAX_RESULT_CHARS = 10_000   # a longer repr cannot be a right answer here
ERROR_NAME = "HiddenChecksFailed"   # the error a failed test cell gets from the grader
DID_NOT_RUN = "the hidden checks did not report their results: the cell did not run as written"


class HiddenChecksError(ValueError):
    """A hidden-tests region that is not made of expect(...) lines."""


@dataclass(frozen=True)
class Check:
    """One hidden check: an expression, and the value it must give or the error it must raise."""
    expression: str
    value: object = None
    raises: str = ""

    def describe(self, result) -> str:
        kind, payload = result
        want = f"raises {self.raises}" if self.raises else f"gives {self.value!r}"
        got = f"raised {payload[0]}" if kind == "raised" else f"returned {payload[:200]}"
        return f"{self.expression} {want}; the submission {got}"


def _plain(value):
    """NumPy numbers and arrays as Python ones (their .tolist())."""
    return value.tolist() if hasattr(value, "tolist") else value


def matches(got, expected) -> bool:
    """Equal, with floats allowed rounding noise (1e-9 relative, 1e-6 absolute)."""
    if isinstance(expected, float):
        return isinstance(got, (int, float)) and not isinstance(got, bool) \
            and math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-6)
    return got == expected


def expect(call, value=None, *, raises=None):
    """The instructor's run: assert that call() gives value, or raises the error class."""
    try:
        got = _plain(call())
    except Exception as error:
        if raises is not None and isinstance(error, raises):
            return
        raise
    if raises is not None:
        raise AssertionError(f"expected {raises.__name__}, got {got!r}")
    if not matches(got, value):
        raise AssertionError(f"expected {value!r}, got {got!r}")


def _region(source: str):
    """(before, region, after) around the hidden-tests markers, or None."""
    if BEGIN not in source:
        return None
    before, rest = source.split(BEGIN, 1)
    region, after = rest.split(END, 1)
    return before, region, after


def parse(source: str, where: str = "cell") -> list[Check]:
    """The checks in a test cell's hidden-tests region ([] if it has none)."""
    parts = _region(source)
    if parts is None:
        return []
    region = parts[1].removeprefix("\n")   # line 1 is the line after the marker
    checks = []
    for node in ast.parse(region).body:
        if isinstance(node, ast.ImportFrom) and [a.name for a in node.names] == ["expect"]:
            continue
        call = node.value if isinstance(node, ast.Expr) else None
        keywords = {k.arg: k.value for k in getattr(call, "keywords", [])}
        args = getattr(call, "args", [])
        if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "expect"
                and args and isinstance(args[0], ast.Lambda) and not args[0].args.args
                and len(args) + len(keywords) == 2 and set(keywords) <= {"value", "raises"}):
            raise HiddenChecksError(
                f"{where}, hidden tests line {node.lineno}: write each hidden test as "
                f"expect(lambda: <expression>, <value>) or expect(lambda: ..., raises=<Error>)")
        expression = ast.get_source_segment(region, args[0].body)
        if "raises" in keywords:
            checks.append(Check(expression, raises=ast.unparse(keywords["raises"])))
        else:
            try:
                value = ast.literal_eval(args[1] if len(args) == 2 else keywords["value"])
            except ValueError:
                raise HiddenChecksError(f"{where}, hidden tests line {node.lineno}: the "
                                        f"expected value must be a literal") from None
            checks.append(Check(expression, value))
    return checks


_KERNEL_CODE = """{begin}
def _hidden_checks():  # runs the checks; the grader compares the results outside this kernel
    _results = []
    for _call in [
{calls}
    ]:
        try:
            _value = _call()
            _value = _value.tolist() if hasattr(_value, "tolist") else _value
            _results.append(["returned", repr(_value)])
        except Exception as _error:
            _results.append(["raised", [_c.__name__ for _c in type(_error).__mro__]])
    __import__("IPython").display.display({{{mime!r}: _results}}, raw=True)

_hidden_checks()
{end}"""


def kernel_source(source: str, checks: list[Check]) -> str:
    """The test cell with its hidden region replaced by code that only runs the calls."""
    before, _, after = _region(source)
    calls = "\n".join(f"        lambda: ({c.expression})," for c in checks)
    return before + _KERNEL_CODE.format(begin=BEGIN, end=END, calls=calls, mime=MIME) + after


def _well_formed(result) -> bool:
    if not (isinstance(result, list) and len(result) == 2):
        return False
    kind, payload = result
    return (kind == "returned" and isinstance(payload, str)) or (
        kind == "raised" and isinstance(payload, list) and payload
        and all(isinstance(name, str) for name in payload))


def _passes(check: Check, result) -> bool:
    kind, payload = result
    if check.raises:
        return kind == "raised" and check.raises in payload
    if kind != "returned" or len(payload) > MAX_RESULT_CHARS:
        return False
    try:
        got = ast.literal_eval(payload)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False   # not a plain value, so not the answer
    return matches(got, check.value)


def take_results(outputs) -> tuple[list, list]:
    """(the results the kernel code sent, one list per time it was sent; the other outputs)."""
    sent, others = [], []
    for o in outputs:
        if o.get("output_type") == "display_data" and MIME in o.get("data", {}):
            sent.append(o["data"][MIME])
        else:
            others.append(o)
    return sent, others


def verdict(checks: list[Check], sent: list):
    """(summary, details) of what failed, for the instructor; (None, []) when all passed."""
    if len(sent) != 1 or not isinstance(sent[0], list) or len(sent[0]) != len(checks) \
            or not all(map(_well_formed, sent[0])):
        return DID_NOT_RUN, []
    failed = [check.describe(result) for check, result in zip(checks, sent[0])
              if not _passes(check, result)]
    return (f"{len(failed)} of {len(checks)} hidden checks failed" if failed else None), failed
