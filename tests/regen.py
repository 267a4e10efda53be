"""`make regen`: write the expected sibling files of the corpus anew, for review with git diff."""

from pathlib import Path

from corpus import siblings

for path, content in siblings().items():
    path.write_text(content, encoding="utf-8")
    print(f"geschreven: {path.relative_to(Path(__file__).resolve().parent)}")
