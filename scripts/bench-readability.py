"""Gold text and trafilatura's output for Mozilla Readability's test pages.

For each PAGES/<name>/ writes OUT/gold/<name>.json (the text of expected.html
read with Python's own html.parser, the title and byline of
expected-metadata.json) and OUT/trafilatura/<name>.json (its text, title,
author and the seconds it took). `dossier bench readability` scores both.
"""

import html.parser
import json
import os
import sys
import time

import trafilatura

BLOCKS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br",
    "blockquote", "pre", "table", "tr", "td", "th", "figure", "figcaption",
    "section", "article", "dd", "dt", "hr",
}


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def text_of(markup):
    p = Text()
    p.feed(markup)
    p.close()
    return "".join(p.parts)


def main(pages, out):
    for sub in ("gold", "trafilatura"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    for name in sorted(os.listdir(pages)):
        d = os.path.join(pages, name)
        try:
            with open(os.path.join(d, "expected.html"), encoding="utf-8") as f:
                expected = f.read()
            with open(os.path.join(d, "expected-metadata.json"), encoding="utf-8") as f:
                meta = json.load(f)
            with open(os.path.join(d, "source.html"), "rb") as f:
                source = f.read()
        except OSError:
            continue
        gold = {
            "text": text_of(expected),
            "title": meta.get("title"),
            "byline": meta.get("byline"),
        }
        with open(os.path.join(out, "gold", name + ".json"), "w", encoding="utf-8") as f:
            json.dump(gold, f, ensure_ascii=False)
        start = time.perf_counter()
        try:
            got = trafilatura.extract(
                source, output_format="json", with_metadata=True, favor_recall=False
            )
            got = json.loads(got) if got else {}
        except Exception as e:  # a page it cannot read counts as empty
            print(f"{name}: trafilatura failed: {e}", file=sys.stderr)
            got = {}
        seconds = time.perf_counter() - start
        peer = {
            "text": got.get("text") or "",
            "title": got.get("title"),
            "byline": got.get("author"),
            "seconds": seconds,
        }
        with open(os.path.join(out, "trafilatura", name + ".json"), "w", encoding="utf-8") as f:
            json.dump(peer, f, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
