from mms_core.analysis.filters import Filters, parse_query_params, to_query_params

EDITIONS = (2025, 2026)


def test_full_url_is_parsed():
    params = {"edition": "2025", "org_type": "osp,kgw", "priority": "P1", "metric": "amount_per_capita",
              "scheme": "natural_breaks", "classes": "7"}
    filters, problems = parse_query_params(params, EDITIONS)
    assert problems == []
    # order follows the vocabulary, not the URL
    assert filters == Filters(2025, ("kgw", "osp"), "P1", "amount_per_capita", "natural_breaks", 7)


def test_empty_url_opens_on_the_latest_edition():
    filters, problems = parse_query_params({}, EDITIONS)
    assert filters == Filters(edition=2026)
    assert filters.org_types == () and filters.metric == "amount_per_capita"
    assert problems == []
    assert parse_query_params({"edition": "all"}, EDITIONS)[0].edition is None  # every edition, on request
    assert parse_query_params({}, ())[0].edition is None  # no data: nothing to choose


def test_invalid_values_fall_back_and_are_reported_in_the_ui_language():
    params = {"edition": "2031", "org_type": "kgw,pirates", "priority": "P2", "metric": "x",
              "scheme": "random", "classes": "12", "scale": "log"}
    filters, problems = parse_query_params(params, EDITIONS)
    assert filters == Filters(edition=2026)
    assert len(problems) == 7
    assert all(p.text("pl").startswith("Nieprawidłowa wartość parametru") for p in problems)
    assert "„edition”: „2031”" in problems[0].text("pl")
    assert problems[0].text("en") == "Invalid value of the parameter 'edition': '2031' – the default is used."


def test_all_means_no_filter_and_lists_take_last_value():
    filters, problems = parse_query_params({"org_type": "all", "edition": ["2025", "2026"]}, EDITIONS)
    assert filters.org_types == () and filters.edition == 2026 and problems == []


def test_classes_must_be_a_whole_number_in_range():
    assert parse_query_params({"classes": "2"}, EDITIONS)[0].classes == 5
    assert parse_query_params({"classes": "3"}, EDITIONS)[0].classes == 3
    assert parse_query_params({"classes": "4.5"}, EDITIONS)[1]


def test_round_trip_through_url():
    filters = Filters(2026, ("stowarzyszenie", "grupa_nieformalna"), "P3", "grants_per_100k", "equal_interval", 4,
                      "fixed")
    params = to_query_params(filters)
    assert params["org_type"] == "stowarzyszenie,grupa_nieformalna"
    assert parse_query_params(params, EDITIONS) == (filters, [])
    assert to_query_params(Filters())["org_type"] == "all"


def test_an_edition_is_a_number_or_none_everywhere_but_in_the_address():
    import pytest

    from mms_core.analysis.filters import Selection, edition_text

    assert Filters().edition is None and Selection().edition is None  # every edition
    for text in ("2025", "all", 2025.0, True):
        with pytest.raises(TypeError):
            Filters(edition=text)
        with pytest.raises(TypeError):
            Selection(edition=text)
    assert edition_text(None) == "all" and edition_text(2025) == "2025"
    assert to_query_params(Filters(edition=2025))["edition"] == "2025"
    assert to_query_params(Filters())["edition"] == "all"
