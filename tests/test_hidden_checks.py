"""Hidden checks: expect() for the instructor's run; the split into kernel code and expected
values for autograde; the grader's verdict on what the kernel reported."""
import IPython.display
import numpy as np
import pytest

from course_lib.grading.hidden_checks import (
    BEGIN, DID_NOT_RUN, END, Check, HiddenChecksError, expect, kernel_source, parse, verdict)

CELL = f'''assert double(1) == 2, "visible check"
{BEGIN}
from course_lib.grading.hidden_checks import expect
expect(lambda: double(21), 42)
expect(lambda: double(0.1), 0.2)
expect(lambda: double([
    "a"]), ["a", "a"])
expect(lambda: double(None), raises=TypeError)
{END}
print("after")
'''


def double(x):
    return x * 2 if x is not None else None + 1


def test_expect_checks_at_once_in_the_instructors_run():
    expect(lambda: double(21), 42)
    expect(lambda: 0.1 + 0.2, 0.3)                 # float noise is allowed
    expect(lambda: np.float64(1.5), 1.5)          # NumPy numbers count as numbers
    expect(lambda: double(None), raises=TypeError)
    with pytest.raises(AssertionError, match="expected 43, got 42"):
        expect(lambda: double(21), 43)
    with pytest.raises(AssertionError, match="expected ValueError"):
        expect(lambda: double(1), raises=ValueError)
    with pytest.raises(TypeError):                 # the wrong error is not swallowed
        expect(lambda: double(None), raises=ValueError)


def test_parse_keeps_the_expressions_and_the_expected_values():
    assert parse(CELL) == [Check("double(21)", 42), Check("double(0.1)", 0.2),
                           Check('double([\n    "a"])', ["a", "a"]),
                           Check("double(None)", raises="TypeError")]
    assert parse("assert True") == []


@pytest.mark.parametrize("line, problem", [
    ("assert double(2) == 4", "write each hidden test as expect"),
    ("expect(double(2), 4)", "write each hidden test as expect"),
    ("expect(lambda: double(2), 2 * 2)", "the expected value must be a literal"),
])
def test_parse_names_the_cell_and_line_of_a_bad_hidden_test(line, problem):
    with pytest.raises(HiddenChecksError, match=f"nb.ipynb, cell q1-tests, hidden tests line 2: "
                                                f"{problem}"):
        parse(f"{BEGIN}\nexpect(lambda: 1, 1)\n{line}\n{END}", "nb.ipynb, cell q1-tests")


def _run_in_kernel(source, namespace, monkeypatch):
    """Run a cell as the kernel would; return what it sent to the display."""
    sent = []
    monkeypatch.setattr(IPython.display, "display", lambda data, raw: sent.append(data))
    exec(source, namespace)
    return [data[next(iter(data))] for data in sent]


def test_kernel_code_runs_the_calls_without_the_expected_values(monkeypatch, capsys):
    source = kernel_source(CELL, parse(CELL))
    assert "42" not in source and "0.2" not in source and '["a", "a"]' not in source
    assert "TypeError" not in source and "visible check" in source and 'print("after")' in source
    sent = _run_in_kernel(source, {"double": double}, monkeypatch)
    assert capsys.readouterr().out == "after\n"
    assert verdict(parse(CELL), sent) == (None, [])


def test_verdict_lists_each_failed_check_for_the_instructor(monkeypatch):
    def wrong(x):   # right for 1 and 0.1 (a NumPy number), wrong for the rest
        return {1: 2, 21: 41, 0.1: np.float64(0.2)}.get(x, x)   # a list key raises TypeError
    sent = _run_in_kernel(kernel_source(CELL, parse(CELL)), {"double": wrong}, monkeypatch)
    summary, details = verdict(parse(CELL), sent)
    assert summary == "3 of 4 hidden checks failed"
    assert details == ["double(21) gives 42; the submission returned 41",
                       'double([\n    "a"]) gives [\'a\', \'a\']; the submission raised TypeError',
                       "double(None) raises TypeError; the submission returned None"]


@pytest.mark.parametrize("sent", [
    [],                                               # the checks never ran
    [[["returned", "42"]], [["returned", "42"]]],     # sent twice
    [[["returned", "42"], ["returned", "0.2"]]],      # one result missing
    [[["returned", 42]]],                             # not a repr
    [[["raised", []]]],                               # no error class
])
def test_verdict_fails_results_that_were_not_sent_as_written(sent):
    assert verdict([Check("double(21)", 42)], sent) == (DID_NOT_RUN, [])


@pytest.mark.parametrize("result", [
    ["returned", "<__main__.Rigged object at 0x7f>"],  # an object with a rigged __eq__
    ["returned", "'42'"],
    ["returned", "4" * 20_000],
    ["raised", ["ValueError", "Exception"]],
])
def test_only_the_right_plain_value_passes(result):
    assert verdict([Check("double(21)", 42)], [[result]])[0] == "1 of 1 hidden checks failed"
    assert verdict([Check("f()", raises="ValueError")], [[["raised", ["ValueError"]]]]) == \
        (None, [])
