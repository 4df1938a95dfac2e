"""The pages' tables of texts as one piece of HTML: escaped, numbers on the right, a named
region that takes the focus."""

import pandas as pd

from mms_core.present.html_table import TABLE_CSS, html_table, numeric_columns


def test_every_header_and_cell_is_escaped():
    frame = pd.DataFrame({"Nazwa <b>": ['Zła <img src=x onerror="alert(1)"> `a` ${x}'], "Kwota (zł)": ["1 000"]})
    out = html_table(frame, 'Tabela "x"')
    assert "<img" not in out and "<b>" not in out and "${" not in out and "`" not in out
    assert "Zła &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out
    assert 'aria-label="Tabela &quot;x&quot;"' in out
    assert out.startswith('<div class="mms-table" role="region" tabindex="0"')


def test_numbers_are_aligned_right_and_names_left():
    frame = pd.DataFrame({
        "Województwo": ["lubelskie", "mazowieckie"],
        "zł na mieszkańca": ["2,25", "—"],
        "Kwota (zł)": ["4\u00a0497\u00a0700", "9\u00a0855\u00a0200"],
        "Kwota": ["1\u00a0234\u00a0zł", "-5\u00a0zł"],
        "TERYT": ["06", "14"],
        "Nic": ["—", "—"],
    })
    assert numeric_columns(frame) == {"zł na mieszkańca", "Kwota (zł)", "Kwota", "TERYT"}
    out = html_table(frame, "t")
    assert '<th scope="col" class="mms-num">Kwota (zł)</th>' in out
    assert "<td>lubelskie</td>" in out and '<td class="mms-num">2,25</td>' in out
    assert out.count("<tr>") == 3  # the header and two rows


def test_a_wrapped_column_breaks_into_lines_and_a_tall_table_scrolls():
    reason = "niejednoznaczna kwota „12,500”: „,” może oddzielać tysiące albo część dziesiętną – " * 3
    frame = pd.DataFrame({"wiersz": ["3"], "powód": [reason]})
    out = html_table(frame, "Raport", wrap=("powód",), tall=True)
    assert out.startswith('<div class="mms-table mms-tall" role="region"')
    assert '<td class="mms-wrap">niejednoznaczna kwota' in out
    assert '<td class="mms-num">3</td>' in out  # a number stays a number
    assert ".mms-table td.mms-wrap {white-space: normal" in TABLE_CSS and ".mms-tall {max-height" in TABLE_CSS
