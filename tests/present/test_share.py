"""Short audience links, the coarsest QR code, the laptop's network address."""

import io

import pytest
from PIL import Image

from mms_core.present import network
from mms_core.present.share import (
    AUDIENCE_URL_PATH,
    audience_files_url,
    audience_url,
    qr_code,
    qr_png,
    view_id,
)

LAN_LINK = "http://192.168.100.200:8501/app/static/a/k3f9x.html"


def test_view_ids_are_short_stable_and_unambiguous():
    first = view_id('{"view": {"edition": "2025"}, "step": 3}')
    assert first == view_id('{"view": {"edition": "2025"}, "step": 3}')
    assert first != view_id('{"view": {"edition": "2025"}, "step": 4}')
    assert len(first) == 5 and set(first) <= set("abcdefghijklmnopqrstuvwxyz234567")
    assert len(view_id("x", 7)) == 7


def test_audience_links_are_short():
    assert audience_url("http://192.168.1.23:8501", "k3f9x") == "http://192.168.1.23:8501/app/static/a/k3f9x.html"
    assert audience_url("https://mms.example.gov.pl/mapa/", "k3f9x") == \
        "https://mms.example.gov.pl/mapa/app/static/a/k3f9x.html"
    assert audience_files_url("https://cdn.example.pl/mms/", "k3f9x") == "https://cdn.example.pl/mms/k3f9x.html"
    assert AUDIENCE_URL_PATH == "/app/static/a"
    with pytest.raises(ValueError):
        audience_url("javascript:alert(1)//", "k3f9x")


def test_the_qr_code_is_the_coarsest_that_holds_the_link():
    code = qr_code(LAN_LINK)
    assert code.version == 3 and code.size == 29  # a filter-laden link took version 10 (57 modules)
    short = qr_code("http://10.0.0.5:8501/a")
    assert short.version == 2 and short.level in ("M", "Q", "H")  # room to spare: more error correction


@pytest.mark.parametrize("link", [LAN_LINK, "https://mms.example.gov.pl/app/static/a/k3f9x.html"])
def test_qr_png_decodes_back_to_the_link(link):
    zxingcpp = pytest.importorskip("zxingcpp")
    for box, border in ((8, 4), (1, 2)):
        image = Image.open(io.BytesIO(qr_png(link, box_px=box, border=border)))
        assert image.size[0] == (qr_code(link).size + 2 * border) * box
        if box == 1:  # as the page shows it: scaled up without smoothing, white around
            image = image.convert("L").resize((image.size[0] * 8, image.size[1] * 8), Image.NEAREST)
            framed = Image.new("L", (image.size[0] + 64, image.size[1] + 64), 255)
            framed.paste(image, (32, 32))
            image = framed
        assert [r.text for r in zxingcpp.read_barcodes(image)] == [link]


@pytest.mark.parametrize("candidates, expected", [
    (["127.0.0.1", "192.168.1.23"], "192.168.1.23"),
    (["127.0.0.1"], None),
    ([], None),
    (["169.254.10.1", "10.1.2.3"], "10.1.2.3"),  # link-local is no use
    (["81.2.3.4", "172.20.0.7"], "172.20.0.7"),  # private first
    (["81.2.3.4", "127.0.1.1"], "81.2.3.4"),  # a public address rather than nothing
    (["::1", "fe80::1", "0.0.0.0", "224.0.0.1"], None),
])
def test_pick_lan_address(candidates, expected):
    assert network.pick_lan_address(candidates) == expected


@pytest.mark.parametrize("address, beyond", [
    ("", True), (None, True), ("0.0.0.0", True), ("::", True), ("127.0.0.1", False), ("localhost", False),
    ("::1", False), ("[::1]", False), ("192.168.1.23", True), ("laptop.local", True),
])
def test_listens_beyond_loopback(address, beyond):
    assert network.listens_beyond_loopback(address) is beyond


def test_candidate_addresses_are_ipv4_and_found_without_sending(monkeypatch):
    sent = []
    import socket

    real = socket.socket

    class Watching(real):
        def sendto(self, *args):  # pragma: no cover - must not happen
            sent.append(args)
            return super().sendto(*args)

        def send(self, *args):  # pragma: no cover - must not happen
            sent.append(args)
            return super().send(*args)

    monkeypatch.setattr(socket, "socket", Watching)
    found = network.candidate_addresses()
    assert all(address.count(".") == 3 for address in found)
    assert sent == []


def test_virtual_interfaces_are_left_out(monkeypatch):
    monkeypatch.setattr(network, "_linux_interfaces", lambda: [("docker0", "172.17.0.1"), ("lo", "127.0.0.1"),
                                                              ("wlp2s0", "192.168.0.14")])
    monkeypatch.setattr(network, "_default_route_interfaces", lambda: ["wlp2s0"])
    monkeypatch.setattr(network, "_route_source_address", lambda: [])
    monkeypatch.setattr(network, "_hostname_addresses", lambda: ["127.0.1.1"])
    assert network.candidate_addresses()[0] == "192.168.0.14"
    assert network.lan_address() == "192.168.0.14"
    monkeypatch.setattr(network, "_linux_interfaces", lambda: [("docker0", "172.17.0.1"), ("lo", "127.0.0.1")])
    assert network.lan_address() is None  # only a container bridge: no phone reaches it
