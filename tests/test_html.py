"""HTML extraction: main text without page furniture, metadata from meta tags and JSON-LD."""

from __future__ import annotations

import datetime as dt

from storylens.ingest.clean import clean_text
from storylens.ingest.html import extract_html

BODY = [
    "The transport minister said on Friday that the three main ports would reopen on Monday after a week of strikes that halted most exports.",
    '"We have reached an agreement with the unions," the minister told reporters in the capital, adding that wages would rise by four percent.',
    "Union leaders confirmed the deal in a statement but warned that they would strike again if the government failed to keep its promises.",
]

META_PAGE = f"""<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Minister says ports will reopen | Example Times</title>
<meta property="og:site_name" content="Example Times">
<meta property="og:title" content="Minister says ports will reopen">
<meta property="article:published_time" content="2024-01-05T16:10:00Z">
<meta name="author" content="Jane Doe">
<meta name="description" content="The transport minister said the ports would reopen on Monday.">
<link rel="canonical" href="https://www.example-times.com/world/ports-reopen-123">
<script>var tracking = "SCRIPT-TEXT-MUST-NOT-APPEAR";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">NAV-WORLD-LINK</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Minister says ports will reopen</h1>
{"".join(f"<p>{p}</p>" for p in BODY)}
</article>
<footer>FOOTER-COPYRIGHT Example Times. All rights reserved.</footer>
</body></html>"""

JSONLD_PAGE = f"""<html><head>
<title>Talks resume in Geneva</title>
<script type="application/ld+json">
{{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Talks resume in Geneva",
 "datePublished": "2023-11-02T08:00:00+01:00",
 "author": [{{"@type": "Person", "name": "Anna Berg"}}, {{"@type": "Person", "name": "Tom Field"}}],
 "publisher": {{"@type": "Organization", "name": "Daily Wire Service"}}}}
</script></head>
<body><div class="content">{"".join(f"<p>{p}</p>" for p in BODY)}</div></body></html>"""


def test_meta_tags_become_metadata():
    a = extract_html(META_PAGE)
    assert a.title == "Minister says ports will reopen"
    assert a.authors == ["Jane Doe"]
    assert a.published == dt.date(2024, 1, 5)
    assert a.outlet == "Example Times"
    assert a.url == "https://www.example-times.com/world/ports-reopen-123"
    assert a.language == "en"
    assert a.description == "The transport minister said the ports would reopen on Monday."


def test_text_has_body_paragraphs_separated_by_blank_lines_and_no_furniture():
    a = extract_html(META_PAGE)
    assert a.text is not None
    paragraphs = a.text.split("\n\n")
    for p in BODY:
        assert p in paragraphs
    for furniture in ("SCRIPT-TEXT", "NAV-WORLD-LINK", "FOOTER-COPYRIGHT"):
        assert furniture not in a.text


def test_body_through_clean_text_loses_the_headline_only():
    a = extract_html(META_PAGE)
    c = clean_text(a.text or "", title=a.title, authors=a.authors)
    assert c.body.split("\n\n") == BODY
    assert c.authors == ["Jane Doe"]


def test_json_ld_metadata():
    a = extract_html(JSONLD_PAGE)
    assert a.title == "Talks resume in Geneva"
    assert a.authors == ["Anna Berg", "Tom Field"]
    assert a.published == dt.date(2023, 11, 2)
    assert a.outlet == "Daily Wire Service"
    assert a.language is None  # the page does not declare one


def test_given_url_is_kept_and_hostname_is_not_an_outlet():
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in BODY) + "</article></body></html>"
    a = extract_html(page, url="https://www.example.org/2024/01/05/ports")
    assert a.url == "https://www.example.org/2024/01/05/ports"
    assert a.outlet is None  # only the host name is known: the caller maps domains
    assert a.text is not None and BODY[0] in a.text


def test_deterministic_across_calls():
    # trafilatura's optional deduplication cache would drop repeated paragraphs on the 2nd call
    assert extract_html(META_PAGE) == extract_html(META_PAGE)


def test_empty_input():
    a = extract_html("", url="https://example.org/x")
    assert a.text is None and a.title is None and a.url == "https://example.org/x"
    assert extract_html("   ").text is None


UK_PAGE = """<html lang="uk"><head><meta property="og:site_name" content="Приклад Новини"><title>Заголовок статті</title></head><body>
<header><nav><ul><li>Головна</li><li>Новини</li></ul></nav></header>
<article><h1>Заголовок статті</h1>
<p class="byline">Автор: Олена Іваненко</p>
<figure><img src="a.jpg"><figcaption>Міністр оборони (Фото: Getty Images)</figcaption></figure>
<p>Міністр оборони заявив у п'ятницю, що Україна отримає нові системи протиповітряної оборони до кінця місяця.</p>
<p>За його словами, партнери вже погодили графік поставок і фінансування.</p>
</article><footer>© 2024</footer></body></html>"""


def test_non_english_page_language_and_labelled_author():
    a = extract_html(UK_PAGE, url="https://www.example.com.ua/news/1")
    assert a.language == "uk"
    assert a.outlet == "Приклад Новини"
    assert a.authors == ["Олена Іваненко"]  # the "Автор:" label is not part of the name
    c = clean_text(a.text or "", title=a.title)
    assert c.body.split("\n\n") == [
        "Міністр оборони заявив у п'ятницю, що Україна отримає нові системи протиповітряної оборони до кінця місяця.",
        "За його словами, партнери вже погодили графік поставок і фінансування.",
    ]
