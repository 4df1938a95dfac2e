"""Streamlit AppTest runs of the pages: URL filters, widget changes, errors, language."""

import hashlib
import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from mms_core.data.paths import DEFAULT_DATA_DIR, PROJECT_ROOT
from mms_core.text.formatting import fmt_number, fmt_pln, fmt_pln_short
from tests.helpers import grant, make_data_dir, matching_grants, open_page


def charts(at) -> list[dict]:
    """The plotly figures on the page (drawn by ``mms_ui.charts_ui``'s component), as dicts."""
    return [json.loads(json.loads(e.proto.json)["figure"]) for e in at.get("bidi_component")
            if e.proto.component_name == "mms_plotly_figure"]


def run_app(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def map_component(at: AppTest) -> dict:
    (element,) = [e for e in at.get("component_instance")]
    return json.loads(element.proto.json_args)


def metric_values(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def test_default_page_runs_with_sample_banner_and_local_map():
    at = run_app()
    assert not at.exception
    assert any("Dane przykładowe" in w.body for w in at.warning)
    assert len(at.metric) == 4
    args = map_component(at)
    # relative to the map's frame: <app>/app/static/… under any URL prefix (server.baseUrlPath)
    assert args["js_links"] == ["../../app/static/vendor/leaflet/leaflet.js"]
    assert args["css_links"] == ["../../app/static/vendor/leaflet/leaflet.css"]
    # only clicks come back: panning and zooming do not rerun the app
    assert args["returned_objects"] == ["last_active_drawing", "last_object_clicked_count"]


def test_url_filters_set_widgets_and_numbers():
    at = run_app({"edition": "2025", "org_type": "kgw,osp", "priority": "P1", "metric": "grants_per_100k"})
    assert not at.exception
    assert at.selectbox(key="f_edition").value == "2025"
    assert at.multiselect(key="f_org_types").value == ["kgw", "osp"]
    assert at.selectbox(key="f_priority").value == "P1"
    assert at.selectbox(key="f_metric").value == "grants_per_100k"
    rows = matching_grants(DEFAULT_DATA_DIR / "grants.csv", "2025", ("kgw", "osp"), "P1")
    values = metric_values(at)
    assert values[0] == fmt_number(len(rows))
    total = sum(float(r["amount_pln"]) for r in rows)
    assert values[1] == fmt_pln_short(total)
    assert at.metric[1].help == "Dokładnie: " + fmt_pln(total)  # the exact figure on hover


def test_invalid_url_values_are_reported_and_ignored():
    at = run_app({"edition": "1999", "priority": "P9"})
    assert not at.exception
    problems = [w.body for w in at.warning if "parametry w adresie" in w.body]
    assert problems and "„edition”: „1999”" in problems[0] and "„priority”: „P9”" in problems[0]
    assert at.selectbox(key="f_edition").value == "2026"  # the latest edition


def test_filter_change_updates_numbers_url_and_keeps_the_base_map():
    at = run_app({"edition": "2025"})
    before_values, before = metric_values(at), map_component(at)
    at.selectbox(key="f_edition").set_value("2026").run()
    assert not at.exception
    after_values, after = metric_values(at), map_component(at)
    assert after_values[0] != before_values[0]
    assert at.query_params["edition"] == ["2026"] or at.query_params["edition"] == "2026"
    # the constant base map keeps the component from remounting; only the layers change
    assert after["script"] == before["script"]
    assert after["feature_group"] != before["feature_group"]


def test_metric_and_classes_change_the_legend():
    at = run_app({"edition": "2025", "metric": "grant_count", "classes": "3"})
    legend = [body for body in html_bodies(at) if "mms-legend" in body][0]
    assert legend.count("class=\"mms-swatch\"") == 3 and "Liczba dotacji" in legend
    at.slider(key="f_classes").set_value(6).run()
    legend = [body for body in html_bodies(at) if "mms-legend" in body][0]
    assert legend.count("class=\"mms-swatch\"") == 6


def test_no_matching_grants_is_said_plainly():
    at = run_app({"edition": "2026", "org_type": "grupa_nieformalna", "priority": "P1"})
    assert not at.exception
    assert any("Żadna dotacja" in i.body for i in at.info)
    assert metric_values(at)[0] == "0"


def test_broken_grants_file_gives_a_polish_message(tmp_path, monkeypatch):
    data_dir = make_data_dir(tmp_path / "data", grants=[grant("A", "02", 1000)])
    (data_dir / "grants.csv").write_text("grant_id,edition\n1,abc\n", encoding="utf-8")
    monkeypatch.setenv("MMS_DATA_DIR", str(data_dir))
    at = run_app()
    assert not at.exception
    assert "Plik danych „grants.csv” jest nieprawidłowy: brak kolumn" in at.error[0].body
    assert len(at.metric) == 0


def test_missing_population_file_gives_a_polish_message(tmp_path, monkeypatch):
    data_dir = make_data_dir(tmp_path / "data")
    (data_dir / "population_2024.csv").unlink()
    monkeypatch.setenv("MMS_DATA_DIR", str(data_dir))
    at = run_app()
    assert not at.exception
    assert "„population_2024.csv” jest nieprawidłowy: nie znaleziono pliku" in at.error[0].body


def official_seed(tmp_path, with_checksum: bool) -> Path:
    """A data folder as an import before the ledger left it: grants.csv and an "official" provenance."""
    data_dir = make_data_dir(tmp_path / "data", grants=[grant("A", "02", 1000)])
    meta = {"kind": "official", "source": "Lista NIW-CRSO", "imported_at": "2026-11-20 10:00"}
    if with_checksum:
        meta["sha256"] = hashlib.sha256((data_dir / "grants.csv").read_bytes()).hexdigest()
    (data_dir / "grants.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return data_dir


def test_official_data_has_no_sample_label(tmp_path, monkeypatch):
    monkeypatch.setenv("MMS_DATA_DIR", str(official_seed(tmp_path, with_checksum=True)))
    at = run_app()
    assert not at.exception
    assert not any("przykładowe" in w.body.lower() for w in at.warning)
    assert "Dane oficjalne" in at.info[0].body and "Lista NIW\\-CRSO" in at.info[0].body  # escaped, shown as typed
    assert metric_values(at)[:2] == ["1", fmt_pln(1000)]


def test_an_official_claim_without_a_checksum_is_not_believed(tmp_path, monkeypatch):
    monkeypatch.setenv("MMS_DATA_DIR", str(official_seed(tmp_path, with_checksum=False)))
    at = run_app()
    assert not at.exception
    assert not at.info  # never called official
    (banner,) = [w.body for w in at.warning if "niezweryfikowane" in w.body]
    assert "ani oficjalne, ani przykładowe" in banner and "nie ma sumy kontrolnej" in banner


def test_sources_page():
    at = run_app()
    open_page(at, "pages/sources.py").run()
    assert not at.exception
    assert at.title[0].value == "Źródła danych"
    assert any("Dane przykładowe" in w.body for w in at.warning)


def test_english_switch():
    at = run_app({"lang": "en"})
    assert not at.exception
    assert at.title[0].value == "Power of Small Communities – grants map"
    assert any("Sample data" in w.body for w in at.warning)
    at.selectbox(key="f_lang").set_value("pl").run()
    assert at.title[0].value == "Moc Małych Społeczności – mapa dotacji"


def run_page(page: str, query: dict | None = None) -> AppTest:
    at = run_app(query)
    return open_page(at, page).run()


def test_region_profile_from_url():
    at = run_page("pages/region.py", {"region": "06", "edition": "2025"})
    assert not at.exception
    assert at.title[0].value == "Województwo lubelskie"
    assert at.selectbox(key="p_region").value == "06"
    values = {m.label: m.value for m in at.metric}
    assert values["Liczba dotacji"] == "140"
    figures = charts(at)
    assert [f["layout"]["title"]["text"] for f in figures] == ["Dotacje według typu organizacji", "Dotacje według priorytetu"]
    # the bars' value labels: 140 grants of the region split by type, read from the figure sent
    assert sum(int(v) for v in figures[0]["data"][0]["text"]) == 140
    # the page names its template: Streamlit's default "streamlit" template is empty outside st.plotly_chart
    assert all(f["layout"]["template"]["layout"]["yaxis"]["automargin"] for f in figures)
    assert "tab" not in at.query_params  # the first tab is left out of the address
    assert not any(h.value == "Gminy województwa" for h in at.header)  # only the open tab is drawn
    # the conference and the published results: their tab, from the address (a link can open it)
    at.query_params["tab"] = "sources"
    at.run()
    assert not at.exception and charts(at) == []
    tables = [t for t in at.table]
    assert any("Świdnik" in str(t.value) for t in tables)  # the region's conference
    assert any("sfinansowane inicjatywy" in str(t.value) for t in tables)  # published results
    assert at.query_params["region"] in (["06"], "06")
    at.query_params["tab"] = "grants"
    at.run()
    assert any(h.value == "Dotacje w województwie (140)" for h in at.header)
    assert [f["layout"]["title"]["text"] for f in charts(at)] == ["Rozkład wielkości dotacji"]
    assert any("Organizacja" in d.value.columns for d in at.dataframe)  # the list of the region's grants
    assert at.session_state["p_tabs_region_tab"] == "Dotacje"


def test_a_bad_tab_in_the_address_shows_the_first_one():
    for bad in ("<script>", "gminy", "99"):
        at = run_page("pages/region.py", {"region": "06", "edition": "2025", "tab": bad})
        assert not at.exception
        warning = next(w.value for w in at.warning if "zakładka" in w.value)
        assert "Podsumowanie" in warning and "<script>" not in warning
        assert len(charts(at)) == 2


def test_region_profile_changes_with_the_selector_and_rejects_bad_codes():
    at = run_page("pages/region.py", {"region": "99"})
    assert not at.exception
    assert any("„99”" in w.body for w in at.warning)
    at.selectbox(key="p_region").set_value("32").run()
    assert at.title[0].value == "Województwo zachodniopomorskie"
    assert at.query_params["region"] in (["32"], "32")


def test_compare_page():
    at = run_page("pages/compare.py", {"edition": "2025", "metric": "grant_count", "scale": "fixed"})
    assert not at.exception
    # one tab drawn at a time: what each holds
    seen = {}
    for tab in ("ranking", "types", "change", "editions"):
        at.query_params["tab"] = tab
        at.run()
        assert not at.exception
        seen[tab] = (len(charts(at)), len(at.get("component_instance")))
    assert seen == {"ranking": (1, 0), "types": (2, 0), "change": (1, 1), "editions": (0, 2)}
    assert any("jedną skalę" in c.value for c in at.caption)  # the editions side by side, one scale


def test_data_page_search_and_downloads():
    at = run_page("pages/data.py", {"edition": "2025", "q": "Puławy"})
    assert not at.exception
    assert at.text_input(key="p_q").value == "Puławy"
    expected = [r for r in matching_grants(DEFAULT_DATA_DIR / "grants.csv", "2025")
                if "Puławy" in (r["org_name"] + r["town"])]
    assert f"**{len(expected)}** dotacji" in at.markdown[-1].value or any(
        f"**{len(expected)}** dotacji" in m.value for m in at.markdown)
    assert [b.key for b in at.get("download_button")] == ["download_rows_csv", "download_rows_csv_excel",
                                                          "download_rows_xlsx", "download_rows_zip", "download_rows_ods"]


def data_count(at: AppTest) -> int:
    (count,) = [m.group(1) for m in (re.search(r"\*\*([\d\u00a0]+)\*\* dotac", x.value) for x in at.markdown) if m]
    return int(count.replace("\u00a0", ""))


def test_data_page_region_filter_counts_as_the_profile():
    query = {"edition": "2025", "org_type": "kgw,osp", "priority": "P1"}
    data = run_page("pages/data.py", query | {"region": "06"})
    assert not data.exception and not any("województw" in w.body for w in data.warning)
    assert data.selectbox(key="p_data_region").value == "06"
    profile = run_page("pages/region.py", query | {"region": "06"})
    grants = {m.label: m.value for m in profile.metric}["Liczba dotacji"]
    assert data_count(data) == int(grants.replace("\u00a0", "")) > 0
    everywhere = run_page("pages/data.py", query | {"region": "all"})
    assert data_count(everywhere) > data_count(data)
    data.selectbox(key="p_data_region").set_value("all").run()
    assert data_count(data) == data_count(everywhere) and "region" not in data.query_params


def test_data_page_reports_a_bad_region_and_shows_all():
    at = run_page("pages/data.py", {"edition": "2025", "region": "99<b>"})
    assert not at.exception
    assert any("„99" in w.body and "pokazano wszystkie województwa" in w.body for w in at.warning)
    assert at.selectbox(key="p_data_region").value == "all"
    assert data_count(at) == len(matching_grants(DEFAULT_DATA_DIR / "grants.csv", "2025"))


def test_data_page_search_finds_the_voivodeship_name():
    by_name = run_page("pages/data.py", {"edition": "2025", "q": "lubelskie"})
    by_filter = run_page("pages/data.py", {"edition": "2025", "region": "06"})
    assert data_count(by_name) >= data_count(by_filter) > 0


def test_conferences_page():
    at = run_page("pages/conferences.py")
    assert not at.exception
    assert any("Znaną datę mają 2 konferencje z 16" in m.value for m in at.markdown)
    assert len(charts(at)) == 1


def test_region_profile_in_english():
    at = run_page("pages/region.py", {"region": "30", "lang": "en"})
    assert not at.exception
    assert at.title[0].value == "Voivodeship wielkopolskie"  # names stay Polish
    assert "Grants" in [m.label for m in at.metric][0] or at.metric[0].label == "Number of grants"


def html_bodies(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def test_presentation_page_steps_and_qr(monkeypatch):
    monkeypatch.setenv("MMS_PUBLIC_URL", "https://mms.example.gov.pl")
    at = run_page("pages/present.py", {"edition": "2025", "step": "2"})
    assert not at.exception
    counter = [body for body in html_bodies(at) if "mms-tour-counter" in body][0]
    assert "Konferencja 2 z 16" in counter
    assert "Dane przykładowe" in counter  # the compact sample-data label
    side = [body for body in html_bodies(at) if "mms-side" in body][0]
    assert "wielkopolskie" in side and "Leszno" in side
    link = re.search(r'data-mms-link="([^"]+)"', side)[1]
    assert re.fullmatch(r"https://mms\.example\.gov\.pl/app/static/a/[a-z2-7]{5}\.html", link)
    at.button(key="tour_next").click().run()
    assert at.query_params["step"] in (["3"], "3")
    at.button(key="tour_prev").click().run()
    at.button(key="tour_prev").click().run()
    at.button(key="tour_prev").click().run()
    assert at.query_params["step"] in (["0"], "0")
    assert any("Przegląd" in body for body in html_bodies(at) if "mms-tour-counter" in body)
    # PNG 16:9, PNG 4:3, HTML and the whole tour as PowerPoint slides
    assert [b.key for b in at.get("download_button")] == ["present_export_png_16x9", "present_export_png_4x3",
                                                          "present_export_html", "present_pptx"]


def test_conference_editor_only_where_publishing_is_allowed(monkeypatch):
    monkeypatch.delenv("MMS_ALLOW_PUBLISH", raising=False)
    at = run_page("pages/conferences.py")
    assert not at.exception
    assert not at.get("form")
    assert any("MMS_ALLOW_PUBLISH=1" in c.value for c in at.caption)


def test_conference_editor_fills_in_undoes_and_shows_provenance(monkeypatch, tmp_path):
    from datetime import date

    data_dir = make_data_dir(tmp_path / "data")
    monkeypatch.setenv("MMS_DATA_DIR", str(data_dir))
    monkeypatch.setenv("MMS_ALLOW_PUBLISH", "1")
    at = run_page("pages/conferences.py")
    at.selectbox(key="ce_region").set_value("20").run()
    at.date_input(key="ce_date_20").set_value(date(2025, 11, 3))
    at.text_input(key="ce_venue_20").set_value("Dom Kultury <script>")
    at.text_input(key="ce_note_20").set_value("zaproszenie z UW")
    at.button(key="FormSubmitter:ce_form_20-Zapisz").click().run()
    assert not at.exception
    assert any("Zapisano: data, miejsce." in s.value for s in at.success)
    assert "Znaną datę mają 3 konferencje z 16" in " ".join(m.value for m in at.markdown)
    table = at.dataframe[0].value
    row = table[table["Województwo"] == "podlaskie"].iloc[0]
    assert row["Data"] == "03.11.2025" and row["Miejsce"] == "Dom Kultury <script>"
    assert row["Uzupełnione przez urzędnika"].startswith("data, miejsce (")
    history = at.dataframe[1].value
    assert list(history["Działanie"]) == ["wpisano", "wpisano"] and set(history["Uwaga"]) == {"zaproszenie z UW"}
    # a bad date is refused in Polish and nothing is saved
    saved = (data_dir / "conference_edits.json").read_bytes()
    at.text_input(key="ce_time_20").set_value("25:99")
    at.button(key="FormSubmitter:ce_form_20-Zapisz").click().run()
    assert any("nie istnieje" in e.value for e in at.error)
    assert (data_dir / "conference_edits.json").read_bytes() == saved
    at.button(key="ce_undo").click().run()
    assert any("Cofnięto" in s.value for s in at.success)
    assert "Znaną datę mają 2 konferencje z 16" in " ".join(m.value for m in at.markdown)
