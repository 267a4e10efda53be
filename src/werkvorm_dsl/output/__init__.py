"""Stage 4, the outputs: the backend registry, rendering, typography and house style; documents and formats below."""
