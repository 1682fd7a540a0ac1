"""Tables of results for the paper: a caption and a small DataFrame, as LaTeX or markdown."""

from dataclasses import dataclass

import pandas as pd

_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}"}


@dataclass(frozen=True)
class Table:
    """A results table: rows and columns as printed (cells already formatted as text)."""

    caption: str
    frame: pd.DataFrame


def escape(text: object) -> str:
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(text))


def latex(table: Table, label: str) -> str:
    """A LaTeX table environment (booktabs rules), first column left-aligned, others right."""
    columns = [table.frame.index.name or "", *table.frame.columns]
    lines = [r"\begin{table}[t]", r"\centering",
             rf"\caption{{{escape(table.caption)}}}", rf"\label{{{escape(label)}}}",
             r"\begin{tabular}{l" + "r" * len(table.frame.columns) + "}", r"\toprule",
             " & ".join(escape(c) for c in columns) + r" \\", r"\midrule"]
    lines += [" & ".join(escape(c) for c in (index, *row)) + r" \\"
              for index, row in zip(table.frame.index, table.frame.itertuples(index=False))]
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}"]
    return "\n".join(lines) + "\n"


def markdown(table: Table) -> str:
    """A markdown table with the caption above it."""
    columns = [table.frame.index.name or "", *map(str, table.frame.columns)]
    lines = [f"*{table.caption}*", "", "| " + " | ".join(columns) + " |",
             "| " + " | ".join("---" for _ in columns) + " |"]
    lines += ["| " + " | ".join(map(str, (index, *row))) + " |"
              for index, row in zip(table.frame.index, table.frame.itertuples(index=False))]
    return "\n".join(lines)
