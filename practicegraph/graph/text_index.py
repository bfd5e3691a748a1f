"""Word search, store-neutral: one tokenizer, one posting list, one BM25.

Every store keeps, for each text node, its terms with their counts (HAS_TERM edges to
Term nodes) and its length in terms (`text_len`), written with the record. A word search
asks the store for two things about the documents the viewer may see — how many there
are and how long they are on average, and the postings of the question's terms — and
scores them here. Because the statistics come only from documents the viewer may see,
a record they may not see cannot move a visible score; because the scoring is here, every
store gives the same scores.

Tokens follow Kùzu's full-text defaults: split on ASCII digits and punctuation, then on
spaces; lower-case; its English stopwords (the SMART list) dropped; the Snowball English
stemmer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

# BM25's usual k1; a weaker length normalisation than the usual 0.75, because a record's
# text is its title, description and context, and a longer description is a fuller
# account, not a padded one (measured on bench/judged: b 0.2-0.6 +0.005 nDCG, every
# question as good or better; BENCHMARKS.md)
K1, B = 1.2, 0.5
_SPLIT = re.compile(r"[0-9!@#$%^&*()_+={}\[\]:;<>,.?~\\/|'\"`-]+")
STOPWORDS = frozenset("""
a able about above according accordingly across actually after afterwards again against all
allow allows almost alone along already also although always am among amongst an and another any
anybody anyhow anyone anything anyway anyways anywhere apart appear appreciate appropriate are
around as aside ask asking associated at available away awfully b be became because become
becomes becoming been before beforehand behind being believe below beside besides best better
between beyond both brief but by c came can cannot cant cause causes certain certainly changes
clearly co com come comes concerning consequently consider considering contain containing
contains corresponding could course currently d definitely described despite did different do
does doing done down downwards during e each edu eg eight either else elsewhere enough entirely
especially et etc even ever every everybody everyone everything everywhere ex exactly example
except f far few fifth first five followed following follows for former formerly forth four from
further furthermore g get gets getting given gives go goes going gone got gotten greetings h had
happens hardly has have having he hello help hence her here hereafter hereby herein hereupon
hers herself hi him himself his hither hopefully how howbeit however i ie if ignored immediate
in inasmuch inc indeed indicate indicated indicates inner insofar instead into inward is it its
itself j just k keep keeps kept know known knows l last lately later latter latterly least less
lest let like liked likely little look looking looks ltd m mainly many may maybe me mean
meanwhile merely might more moreover most mostly much must my myself n name namely nd near
nearly necessary need needs neither never nevertheless new next nine no nobody non none noone
nor normally not nothing novel now nowhere o obviously of off often oh ok okay old on once one
ones only onto or other others otherwise ought our ours ourselves out outside over overall own p
particular particularly per perhaps placed please plus possible presumably probably provides q
que quite qv r rather rd re really reasonably regarding regardless regards relatively
respectively right s said same saw say saying says second secondly see seeing seem seemed
seeming seems seen self selves sensible sent serious seriously seven several shall she should
since six so some somebody somehow someone something sometime sometimes somewhat somewhere soon
sorry specified specify specifying still sub such sup sure t take taken tell tends th than thank
thanks thanx that thats the their theirs them themselves then thence there thereafter thereby
therefore therein theres thereupon these they think third this thorough thoroughly those though
three through throughout thru thus to together too took toward towards tried tries truly try
trying twice two u un under unfortunately unless unlikely until unto up upon us use used useful
uses using usually uucp v value various very via viz vs w want wants was way we welcome well
went were what whatever when whence whenever where whereafter whereas whereby wherein whereupon
wherever whether which while whither who whoever whole whom whose why will willing wish with
within without wonder would x y yes yet you your yours yourself yourselves z zero
""".split())


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def terms(text: str | None) -> list[str]:
    """The index terms of one text, in order, repeats kept."""
    if not text:
        return []
    return [_stem(w) for w in _SPLIT.sub(" ", text).lower().split() if w not in STOPWORDS]


def document_terms(texts: Iterable[str | None]) -> Counter[str]:
    """A document's term counts over its full-text fields."""
    return Counter(t for text in texts for t in terms(text))


@dataclass(frozen=True)
class Posting:
    term: str
    doc: str
    tf: int
    doc_len: int


def bm25(postings: Iterable[Posting], n_docs: int, avg_len: float, searchable: set[str] | None = None
         ) -> dict[str, float]:
    """doc id -> BM25 score over the query terms it contains (any term counts).

    `postings` are every posting of the query's terms among the documents the viewer may
    see (so their count per term is its document frequency); `searchable` narrows which of
    those documents may be answered (the search filters), after the statistics."""
    postings = list(postings)
    if not postings or n_docs <= 0 or avg_len <= 0:
        return {}
    df = Counter(p.term for p in postings)
    scores: dict[str, float] = {}
    for p in postings:
        if searchable is not None and p.doc not in searchable:
            continue
        idf = math.log10((n_docs - df[p.term] + 0.5) / (df[p.term] + 0.5) + 1)
        norm = K1 * (1 - B + B * p.doc_len / avg_len)
        scores[p.doc] = scores.get(p.doc, 0.0) + idf * p.tf * (K1 + 1) / (p.tf + norm)
    return scores


def query_terms(question: str) -> list[str]:
    """The distinct terms of a question, in order."""
    return list(dict.fromkeys(terms(question)))
