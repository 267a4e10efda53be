"""`make regen`: write the expected sibling files of the corpus anew, for review with git diff."""

from pathlib import Path

from corpus import siblings

for path, content in siblings().items():
    path.write_text(content, encoding="utf-8")
    print(f"geschreven: {path.relative_to(Path(__file__).resolve().parent)}")

# The import's samples: the seeds as Word and OpenDocument files, then the drafts of all of them.
from import_samples import drafts, samples  # noqa: E402

for path, data in samples().items():
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"geschreven: {path.relative_to(Path(__file__).resolve().parent)}")
for path, content in drafts().items():
    path.write_text(content, encoding="utf-8")
    print(f"geschreven: {path.relative_to(Path(__file__).resolve().parent)}")

# Our own draaiboeken of formats/ as Word and OpenDocument, and the drafts the import reads back from them.
import tempfile  # noqa: E402

from import_samples import OWN_DRAFTS, own_draaiboeken, own_drafts  # noqa: E402

OWN_DRAFTS.mkdir(parents=True, exist_ok=True)
with tempfile.TemporaryDirectory() as folder:
    for path, content in own_drafts(own_draaiboeken(), Path(folder)).items():
        path.write_text(content, encoding="utf-8")
        print(f"geschreven: {path.relative_to(Path(__file__).resolve().parent)}")
