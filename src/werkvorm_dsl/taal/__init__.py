"""Stage 3, taal: spelling and plain-language (B1) signals for `werkvorm taal`, the editor and lsp."""
