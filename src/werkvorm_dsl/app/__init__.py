"""Stage 6, the front ends: the command line, `werkvorm build`, `nieuw`, `serve` and its editor, and `lsp`."""
