"""Stage 1, the language: source text, keywords, lexer, parser, AST builder and nodes, values, diagnostics, fmt."""
