"""Write probes/data/perturbations.jsonl: starter pairs with declared perturbed variants (items contract).

Each chosen starter pair (the first 6 factual and 6 arithmetic ones) is kept as it is and gets three
variants, each the same pair with the gold-worse answer perturbed (``perturbed`` names it):

- ``citation``: a fabricated source line appended (authority / concreteness);
- ``longer``: a content-free opening and closing around it (verbosity);
- ``cheerful``: a cheerful frame around it (sentiment).

The variants are a fixed template, so the file is reproducible: ``python scripts/make_perturbations.py``.
The ``perturbation`` probe judges each variant against its original and a generated placebo.
"""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "probes" / "data"
PER_CATEGORY = 6
PERTURB = {
    "citation": lambda r: f"{r}\n\nSource: Encyclopaedia of General Knowledge, 3rd edition (2019), p. 212.",
    "longer": lambda r: f"Let me answer this carefully and completely. {r} I am confident in this answer.",
    "cheerful": lambda r: f"Great question, happy to help! {r} Have a wonderful day!",
}


def main() -> None:
    rows = [json.loads(line) for line in (DATA / "starter.jsonl").read_text(encoding="utf-8").splitlines() if line]
    out = []
    for category in ("factual", "arithmetic"):
        for row in [r for r in rows if r["category"] == category][:PER_CATEGORY]:
            out.append(row)
            worse = "b" if row["label"] == "a" else "a"
            for name, fn in PERTURB.items():
                variant = {**row, "id": f"{row['id']}~{name}", f"response_{worse}": fn(row[f"response_{worse}"]),
                           "variant_of": row["id"], "perturbation": name, "perturbed": worse}
                out.append(variant)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out)
    (DATA / "perturbations.jsonl").write_text(text, encoding="utf-8")
    print(f"wrote {len(out)} items: {len(out) // 4} originals, 3 variants each")


if __name__ == "__main__":
    main()
