"""The load test's protocol helpers (devtools.stream_client), on hand-built protobuf messages."""

from __future__ import annotations

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from devtools.stream_client import (
    CookieJar,
    PageState,
    ProtocolError,
    Widget,
    absolute_url,
    rerun_message,
    stream_url,
    widget_key,
    widget_state,
)

EDITION_ID = "$$ID-a289ef0211d282533b178e9ec54bb0db-f_edition"


def forward(**fields) -> ForwardMsg:
    message = ForwardMsg()
    for name, value in fields.items():
        if name == "script_finished":
            message.script_finished = value
        elif name == "ref_hash":
            message.ref_hash = value
        else:
            getattr(message, name).CopyFrom(value)
    return message


def element_message(kind: str, hash_: str = "", cacheable: bool = False, **fields) -> ForwardMsg:
    message = ForwardMsg()
    element = getattr(message.delta.new_element, kind)
    for name, value in fields.items():
        target = getattr(element, name)
        if isinstance(value, list):
            target.extend(value)
        else:
            setattr(element, name, value)
    message.delta.new_element.SetInParent()
    if hash_:
        message.hash = hash_
    message.metadata.cacheable = cacheable
    return message


def feed(state: PageState, *messages: ForwardMsg) -> list[bool]:
    return [state.handle(m.SerializeToString()) for m in messages]


def test_widget_key_is_the_pages_key():
    assert widget_key(EDITION_ID) == "f_edition"
    assert widget_key("$$ID-0daacb92-19e8cf6a-with-dashes") == "19e8cf6a-with-dashes"
    assert widget_key("plain") == ""


def test_widget_states_as_the_browser_sends_them():
    select = widget_state(Widget(EDITION_ID, "selectbox", "Edycja", ["2025", "2026"], "2025"), "2026")
    assert select.id == EDITION_ID and select.WhichOneof("value") == "string_value" and select.string_value == "2026"
    multi = widget_state(Widget("m", "multiselect", "Typ", ["Fundacja", "Inna"], []), ["Fundacja"])
    assert multi.WhichOneof("value") == "string_array_value" and list(multi.string_array_value.data) == ["Fundacja"]
    empty = widget_state(Widget("m", "multiselect", "Typ", ["Fundacja"], ["Fundacja"]), [])
    assert list(empty.string_array_value.data) == []
    check = widget_state(Widget("c", "checkbox", "Skala", [], False), True)
    assert check.WhichOneof("value") == "bool_value" and check.bool_value is True
    slider = widget_state(Widget("s", "slider", "Klasy", [], [5.0]))
    assert slider.WhichOneof("value") == "double_array_value" and list(slider.double_array_value.data) == [5.0]
    with pytest.raises(ValueError):
        widget_state(Widget("x", "text_input", "", [], "a"))


def test_rerun_message_round_trips():
    state = widget_state(Widget(EDITION_ID, "selectbox", "Edycja", ["2025"], "2025"))
    raw = rerun_message("edition=2025&lang=pl", "eb0aec81", [state], {"h2", "h1"}, "http://x/?edition=2025")
    message = BackMsg()
    message.ParseFromString(raw)
    client = message.rerun_script
    assert message.WhichOneof("type") == "rerun_script"
    assert client.query_string == "edition=2025&lang=pl"
    assert client.page_script_hash == "eb0aec81"
    assert [w.id for w in client.widget_states.widgets] == [EDITION_ID]
    assert list(client.cached_message_hashes) == ["h1", "h2"]
    assert client.context_info.url == "http://x/?edition=2025"


def test_first_run_has_empty_widget_states_and_default_page():
    message = BackMsg()
    message.ParseFromString(rerun_message("edition=2025"))
    assert message.rerun_script.HasField("widget_states")
    assert len(message.rerun_script.widget_states.widgets) == 0
    assert message.rerun_script.page_script_hash == ""


def test_page_state_reads_a_run():
    state = PageState()
    new_session = ForwardMsg()
    new_session.new_session.initialize.session_id = "s-1"
    new_session.new_session.page_script_hash = "main"
    navigation = ForwardMsg()
    navigation.navigation.page_script_hash = "mappage"
    info = ForwardMsg()
    info.page_info_changed.query_string = "edition=2025&org_type=all"
    select = element_message("selectbox", id=EDITION_ID, label="Edycja", options=["wszystkie", "2025", "2026"],
                             raw_value="2025")
    multi = element_message("multiselect", id="$$ID-1-f_org_types", label="Typ", options=["Fundacja", "Inna"],
                            default=[1])
    checkbox = element_message("checkbox", id="$$ID-2-f_scale", label="Skala", default=False)
    slider = element_message("slider", id="$$ID-3-f_classes", label="Klasy", default=[5.0])
    download = element_message("download_button", id="$$ID-4-download_summary_csv", label="CSV",
                               url="/media/abc.csv")
    big = element_message("markdown", hash_="h-map", cacheable=True, body="the map")
    done = forward(script_finished=ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY)
    ends = feed(state, new_session, navigation, info, select, multi, checkbox, slider, download, big, done)
    assert ends == [False] * 9 + [True]
    assert (state.session_id, state.page_script_hash) == ("s-1", "mappage")
    assert state.query_string == "edition=2025&org_type=all"
    assert {k: (w.kind, w.value) for k, w in state.widgets.items()} == {
        "f_edition": ("selectbox", "2025"), "f_org_types": ("multiselect", ["Inna"]),
        "f_scale": ("checkbox", False), "f_classes": ("slider", [5.0])}
    assert state.downloads == {"download_summary_csv": "/media/abc.csv"}
    assert set(state.cache) == {"h-map"}
    state.check()
    # the next run: the client holds h-map, so the server refers to it
    state.start_run()
    assert feed(state, forward(ref_hash="h-map"), done) == [False, True]
    with pytest.raises(ProtocolError, match="never received"):
        feed(state, forward(ref_hash="unknown"))


def test_changes_apply_to_the_widget_states():
    state = PageState()
    feed(state, element_message("selectbox", id=EDITION_ID, label="Edycja", options=["2025", "2026"],
                                raw_value="2025"))
    sent = state.widget_states({"f_edition": "2026"})
    assert [s.string_value for s in sent] == ["2026"]
    state.apply({"f_edition": "2026"})
    assert state.widgets["f_edition"].value == "2026"


def test_a_run_cut_short_for_a_rerun_is_not_the_end():
    state = PageState()
    early = forward(script_finished=ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN)
    assert feed(state, early) == [False]


@pytest.mark.parametrize("status, message", [
    (ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR, "COMPILE_ERROR"),
])
def test_a_failed_run_raises(status, message):
    state = PageState()
    feed(state, forward(script_finished=status))
    with pytest.raises(ProtocolError, match=message):
        state.check()


def test_an_exception_on_the_page_is_an_error():
    state = PageState()
    feed(state, element_message("exception", type="KeyError", message="'x'"),
         forward(script_finished=ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY))
    with pytest.raises(ProtocolError, match="KeyError"):
        state.check()


def test_urls_under_a_base_path():
    assert stream_url("http://127.0.0.1:8501") == "ws://127.0.0.1:8501/_stcore/stream"
    assert stream_url("https://mms.example.gov.pl/mms/") == "wss://mms.example.gov.pl/mms/_stcore/stream"
    assert absolute_url("http://h:1/mms", "/media/a.csv") == "http://h:1/mms/media/a.csv"
    assert absolute_url("http://h:1", "media/a.csv") == "http://h:1/media/a.csv"


def test_cookie_jar_keeps_the_affinity_cookie():
    jar = CookieJar()
    jar.update(["MMS_REPLICA=r2; path=/; HttpOnly; SameSite=Lax", "_streamlit_xsrf=2|ab; Path=/"])
    assert jar.values == {"MMS_REPLICA": "r2", "_streamlit_xsrf": "2|ab"}
    assert jar.header() == "MMS_REPLICA=r2; _streamlit_xsrf=2|ab"
