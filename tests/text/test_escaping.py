from mms_core.text.escaping import safe_markdown, safe_text


def test_html_is_escaped():
    assert safe_text('<img src=x onerror="alert(1)">') == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


def test_template_literal_cannot_open():
    out = safe_text("Koło ${window.x=1} `tick`")
    assert "${" not in out and "`" not in out
    assert out == "Koło &#36;{window.x=1} &#96;tick&#96;"


def test_quotes_ampersand_and_none():
    assert safe_text("A & 'B'") == "A &amp; &#x27;B&#x27;"
    assert safe_text(None) == ""
    assert safe_text(12) == "12"


def test_markdown_is_escaped():
    assert safe_markdown("[kliknij](http://zlo.example)") == "\\[kliknij\\]\\(http\\:\u2060\\/\\/zlo\\.example\\)"
    assert safe_markdown("**Koło** <b>") == "\\*\\*Koło\\*\\* \\<b\\>"
    assert safe_markdown(None) == ""
