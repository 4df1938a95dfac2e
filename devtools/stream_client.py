"""A Streamlit session without a browser: Streamlit's own protocol over ``/_stcore/stream``.

What a browser tab does, and no more (verified against Streamlit 1.67, see docs/performance.md,
"Capacity"): load the page over HTTP (through a proxy this sets the session-affinity cookie,
which the websocket and every download then carry), open the websocket with the subprotocol
``streamlit``, send a ``BackMsg.rerun_script`` with the page's query string, read ``ForwardMsg``\\ s
until ``script_finished``. A filter change is another ``rerun_script`` with every known widget's
value (the browser sends them all), the page's script hash and the hashes of the cached
messages (so the server sends a ``ref_hash`` instead of a large element it already sent).

The message helpers (:func:`rerun_message`, :func:`widget_state`, :class:`PageState`) are plain
functions over protobuf messages and are tested without a server; :class:`StreamSession` adds
the network (asyncio, ``websockets``; HTTP with ``urllib`` in a thread).
"""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit, urlunsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

#: ``script_finished`` statuses that end a run the client asked for.
FINISHED_OK = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
FINISHED_STATUS_NAMES = {value: name for name, value in ForwardMsg.ScriptFinishedStatus.items()}


def run_coroutine(coroutine):
    """``asyncio.run(coroutine)``, also where this thread already runs an event loop (a caller inside
    Playwright's sync API, e.g. tests after the browser tests in one pytest process): then in a thread
    of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class ProtocolError(RuntimeError):
    """The server answered something a browser would show as a failure (an exception on the
    page, a compile error, a closed socket, a missing download)."""


def widget_key(widget_id: str) -> str:
    """The ``key=`` a page gave a widget, from Streamlit's element id
    (``$$ID-<hash>-f_edition`` → ``f_edition``); ids of widgets without a key give ``""``."""
    if not widget_id.startswith("$$ID-"):
        return ""
    parts = widget_id.split("-", 2)
    return parts[2] if len(parts) == 3 else ""


@dataclass
class Widget:
    """A widget as the last run drew it: its kind (``selectbox``, ``multiselect``, ``checkbox``,
    ``slider``), options (formatted, as shown), and the value the browser would send back."""

    id: str
    kind: str
    label: str
    options: list[str]
    value: object

    @property
    def key(self) -> str:
        return widget_key(self.id)


def widget_state(widget: Widget, value: object | None = None) -> WidgetState:
    """The ``WidgetState`` a browser sends for ``widget`` holding ``value`` (default: its current
    value): a selectbox sends its shown option as ``string_value``, a multiselect a
    ``string_array_value``, a checkbox ``bool_value``, a slider ``double_array_value``."""
    value = widget.value if value is None else value
    state = WidgetState(id=widget.id)
    if widget.kind == "selectbox":
        state.string_value = str(value)
    elif widget.kind == "multiselect":
        state.string_array_value.data.extend(str(v) for v in value)
    elif widget.kind == "checkbox":
        state.bool_value = bool(value)
    elif widget.kind == "slider":
        values = value if isinstance(value, list | tuple) else [value]
        state.double_array_value.data.extend(float(v) for v in values)
    else:
        raise ValueError(f"unsupported widget kind: {widget.kind}")
    return state


def rerun_message(query_string: str, page_script_hash: str = "", widgets: list[WidgetState] | None = None,
                  cached_hashes: set[str] | frozenset[str] = frozenset(), url: str = "") -> bytes:
    """A serialised ``BackMsg`` asking for a run, as the browser sends it: the page's query
    string (without ``?``), its script hash (``""``: the default page), every widget's state,
    the hashes of the messages the client holds, and the page's address (``st.context.url``)."""
    message = BackMsg()
    client = message.rerun_script
    client.query_string = query_string
    client.page_script_hash = page_script_hash
    client.widget_states.SetInParent()
    for state in widgets or []:
        client.widget_states.widgets.add().CopyFrom(state)
    client.cached_message_hashes.extend(sorted(cached_hashes))
    if url:
        client.context_info.url = url
    return message.SerializeToString()


def _widget_from_element(kind: str, element) -> Widget:
    if kind == "selectbox":
        options = list(element.options)
        if element.HasField("raw_value"):
            value = element.raw_value
        else:
            value = options[element.default] if element.HasField("default") and options else None
        return Widget(element.id, kind, element.label, options, value)
    if kind == "multiselect":
        options = list(element.options)
        value = list(element.raw_values) if element.set_value else [options[i] for i in element.default]
        return Widget(element.id, kind, element.label, options, value)
    if kind == "checkbox":
        return Widget(element.id, kind, element.label, [], element.value if element.set_value else element.default)
    if kind == "slider":
        values = list(element.value) if element.set_value else list(element.default)
        return Widget(element.id, kind, element.label, [], values)
    raise ValueError(kind)


WIDGET_KINDS = ("selectbox", "multiselect", "checkbox", "slider")


@dataclass
class PageState:
    """What a client knows after reading the server's messages of one or more runs.

    Feed every received ``ForwardMsg`` to :meth:`handle`; it returns True when the run ended
    (``script_finished``). Large elements the server marked cacheable are kept by hash, and a
    ``ref_hash`` is resolved from them, as the browser does.
    """

    query_string: str = ""
    page_script_hash: str = ""
    session_id: str = ""
    widgets: dict[str, Widget] = field(default_factory=dict)  # by key (or id when keyless)
    downloads: dict[str, str] = field(default_factory=dict)  # widget key -> media URL path
    metrics: dict[str, str] = field(default_factory=dict)  # st.metric label -> value shown
    exceptions: list[str] = field(default_factory=list)
    cache: dict[str, ForwardMsg] = field(default_factory=dict)
    finished_status: int | None = None
    bytes_received: int = 0
    messages: int = 0

    def start_run(self) -> None:
        self.finished_status = None
        self.exceptions = []

    def handle(self, raw: bytes) -> bool:
        message = ForwardMsg()
        message.ParseFromString(raw)
        self.bytes_received += len(raw)
        self.messages += 1
        kind = message.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache.get(message.ref_hash)
            if cached is None:
                raise ProtocolError(f"the server referred to a message this client never received: {message.ref_hash}")
            message, kind = cached, cached.WhichOneof("type")
        elif message.metadata.cacheable and message.hash:
            self.cache[message.hash] = message
        if kind == "new_session":
            self.session_id = message.new_session.initialize.session_id
            self.page_script_hash = message.new_session.page_script_hash or self.page_script_hash
        elif kind == "navigation":
            self.page_script_hash = message.navigation.page_script_hash or self.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            self._element(message.delta.new_element)
        elif kind == "script_finished":
            self.finished_status = message.script_finished
            return message.script_finished != ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
        return False

    def _element(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind in WIDGET_KINDS:
            widget = _widget_from_element(kind, getattr(element, kind))
            self.widgets[widget.key or widget.id] = widget
        elif kind == "download_button":
            button = element.download_button
            self.downloads[widget_key(button.id) or button.id] = button.url
        elif kind == "metric":
            self.metrics[element.metric.label] = element.metric.body
        elif kind == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:500])

    def widget_states(self, changes: dict[str, object] | None = None) -> list[WidgetState]:
        """Every known widget's state, with ``changes`` (by key) applied."""
        changes = changes or {}
        return [widget_state(w, changes.get(key)) for key, w in self.widgets.items()]

    def apply(self, changes: dict[str, object]) -> None:
        """Remember the values just sent (the next run's deltas confirm them)."""
        for key, value in changes.items():
            self.widgets[key].value = value

    def check(self) -> None:
        """Raise :class:`ProtocolError` when the run did not end well."""
        if self.exceptions:
            raise ProtocolError("exception on the page: " + "; ".join(self.exceptions))
        if self.finished_status != FINISHED_OK:
            raise ProtocolError(f"run ended with {FINISHED_STATUS_NAMES.get(self.finished_status, self.finished_status)}")


def stream_url(base_url: str) -> str:
    """``http://host:port/prefix`` → ``ws://host:port/prefix/_stcore/stream``."""
    parts = urlsplit(base_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + "/_stcore/stream", "", ""))


def absolute_url(base_url: str, path: str) -> str:
    """A path the server gave (``/media/….csv``, relative to the app's root) under ``base_url``."""
    if path.startswith(("http://", "https://")):
        return path
    parts = urlsplit(base_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/") + "/" + path.lstrip("/"), "", ""))


class CookieJar:
    """The cookies one client holds (one host): enough for a proxy's affinity cookie."""

    def __init__(self):
        self.values: dict[str, str] = {}

    def update(self, set_cookie_headers: list[str]) -> None:
        for header in set_cookie_headers:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.values[name] = morsel.value

    def header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in sorted(self.values.items()))


def http_get(url: str, jar: CookieJar, timeout: float = 30) -> tuple[int, bytes, dict]:
    """GET ``url`` with the jar's cookies; store the ones the answer sets. (status, body, headers)."""
    request = urllib.request.Request(url, headers={"Cookie": jar.header()} if jar.values else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            jar.update(response.headers.get_all("Set-Cookie") or [])
            return response.status, body, dict(response.headers)
    except urllib.error.HTTPError as error:
        jar.update(error.headers.get_all("Set-Cookie") or [])
        return error.code, error.read(), dict(error.headers)


class StreamSession:
    """One simulated browser tab on the app at ``base_url`` (with its ``server.baseUrlPath``)."""

    def __init__(self, base_url: str, query_string: str = "", timeout: float = 60):
        self.base_url = base_url.rstrip("/")
        self.state = PageState(query_string=query_string)
        self.jar = CookieJar()
        self.timeout = timeout
        self.socket = None

    async def open(self) -> float:
        """Load the page (HTML shell), connect, run the script; the seconds the run took."""
        status, _, _ = await asyncio.to_thread(http_get, self.base_url + "/", self.jar, self.timeout)
        if status != 200:
            raise ProtocolError(f"page load: HTTP {status}")
        headers = {"Cookie": self.jar.header()} if self.jar.values else None
        self.socket = await websockets.connect(stream_url(self.base_url), subprotocols=["streamlit"],
                                               additional_headers=headers, max_size=None,
                                               open_timeout=self.timeout, ping_interval=None)
        return await self.rerun({})

    def page_url(self) -> str:
        return self.base_url + "/" + (f"?{self.state.query_string}" if self.state.query_string else "")

    async def rerun(self, changes: dict[str, object]) -> float:
        """Send a run with ``changes`` (widget key → new value) and wait for it to finish; the
        seconds from sending to ``script_finished``. Raises :class:`ProtocolError`."""
        state = self.state
        message = rerun_message(state.query_string, state.page_script_hash, state.widget_states(changes),
                                set(state.cache), self.page_url())
        state.apply(changes)
        state.start_run()
        started = time.perf_counter()
        await self.socket.send(message)
        try:
            async with asyncio.timeout(self.timeout):
                while not state.handle(await self.socket.recv()):
                    pass
        except TimeoutError:
            raise ProtocolError(f"no script_finished within {self.timeout:.0f} s") from None
        elapsed = time.perf_counter() - started
        state.check()
        return elapsed

    async def download(self, key: str) -> bytes:
        """Fetch the file of the download button ``key`` (its media URL, with this tab's cookies)."""
        path = self.state.downloads.get(key)
        if not path:
            raise ProtocolError(f"no download button {key!r} on the page")
        status, body, _ = await asyncio.to_thread(http_get, absolute_url(self.base_url, path), self.jar, self.timeout)
        if status != 200:
            raise ProtocolError(f"download {key}: HTTP {status}")
        return body

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
            self.socket = None
