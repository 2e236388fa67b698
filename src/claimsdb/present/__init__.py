"""Everything a reader sees, once: words, verdicts, summaries, reasons, the claim view, workbook,
html page and forest plots — the same functions for the terminal, the files and the plots."""
