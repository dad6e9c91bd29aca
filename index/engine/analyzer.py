"""The Arabic analysis of index/language/arabic.py as Whoosh analyzers.

Whoosh pickles these objects into every index it writes: this module and the
class names must keep their import path, and the classes hold nothing but a
flag, so that a rule change in arabic.py needs no pickle change (the index
notices ANALYSIS_VERSION instead).
"""

from __future__ import annotations

from whoosh.analysis import Composable, Token

from reader.index.language.arabic import analyse, analyse_text, tokenize


class ArabicAnalyzer(Composable):
    """Tokens of the exact field (normalized) or of the stemmed field.

    The stemmed field emits every reading of an ambiguous proclitic at the
    same position (بريطانيا and ريطانيا), so a phrase query still lines up.
    """

    def __init__(self, stemmed: bool):
        self.stemmed = stemmed

    def __eq__(self, other):
        return type(other) is type(self) and other.stemmed == self.stemmed

    def __hash__(self):
        return hash((type(self), self.stemmed))

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        pairs = analyse_text(value) if tokenize else _whole(value)
        for span, a in pairs:
            texts = a.stems if self.stemmed else (a.norm,)
            for text in texts:
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = span.surface
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = start_char + span.start
                    t.endchar = start_char + span.end
                yield t
            pos += 1


def _whole(value):
    """The value as one token (Whoosh's tokenize=False)."""
    for span in tokenize(value):
        a = analyse(value)
        if a is not None:
            yield span._replace(start=0, end=len(value), surface=value), a
        return


def exact_analyzer() -> ArabicAnalyzer:
    return ArabicAnalyzer(stemmed=False)


def stem_analyzer() -> ArabicAnalyzer:
    return ArabicAnalyzer(stemmed=True)
