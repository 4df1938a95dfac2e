"""The laptop's own address in the hall's network, found without sending anything.

The audience's phones cannot open ``localhost``: the QR code must carry an address of the
laptop that the phones can reach — a private IPv4 address (10/8, 172.16/12, 192.168/16) of
one of its network interfaces, the one with the default route first. Found from:

1. Linux: every interface (``socket.if_nameindex``) and its IPv4 address (``SIOCGIFADDR``),
   the default route's (``/proc/net/route``) first; virtual ones (Docker, bridges, VPN tunnels)
   are left out — no phone in the hall reaches them;
2. any system: the addresses the host name resolves to (``getaddrinfo``, local resolver);
3. any system: the source address the kernel would pick for an outside destination — a UDP
   socket's ``connect`` only chooses a route; no packet leaves the machine.

Nothing here makes a request; with no usable address the caller says so on screen.
"""

from __future__ import annotations

import ipaddress
import socket
import struct
from collections.abc import Iterable
from pathlib import Path

#: Interface names of containers, bridges and tunnels: phones in the hall do not reach them.
VIRTUAL_PREFIXES = ("lo", "docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "tun", "tap", "wg", "zt", "tailscale",
                    "cni", "flannel", "kube", "podman")


def _linux_interfaces() -> list[tuple[str, str]]:
    """(interface, IPv4 address) of each interface that has one (Linux only)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not Linux/Unix
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(probe.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))  # SIOCGIFADDR
            except OSError:
                continue
            found.append((name, socket.inet_ntoa(packed[20:24])))
    return found


def _default_route_interfaces(route_table: Path = Path("/proc/net/route")) -> list[str]:
    """Interfaces with a default route (destination 00000000), Linux."""
    try:
        lines = route_table.read_text().splitlines()[1:]
    except OSError:
        return []
    return [fields[0] for fields in (line.split() for line in lines) if len(fields) > 2 and fields[1] == "00000000"]


def _hostname_addresses() -> list[str]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [info[4][0] for info in infos]


def _route_source_address() -> list[str]:
    """The local address of the route to an outside host; ``connect`` on UDP sends nothing."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737): never answered, never sent to
            return [probe.getsockname()[0]]
    except OSError:
        return []


def candidate_addresses() -> list[str]:
    """IPv4 addresses of this machine, the likeliest to reach the hall's network first (none
    of a container bridge or a tunnel)."""
    interfaces = _linux_interfaces()
    default = _default_route_interfaces()
    virtual = {address for name, address in interfaces if name.startswith(VIRTUAL_PREFIXES)}
    real = sorted(((name, address) for name, address in interfaces if address not in virtual),
                  key=lambda item: 0 if item[0] in default else 1)
    seen: list[str] = []
    for address in [a for _, a in real] + _route_source_address() + _hostname_addresses():
        if address not in seen and address not in virtual:
            seen.append(address)
    return seen


def usable(address: str) -> bool:
    """An address a phone in the same network could reach: IPv4, not loopback, link-local,
    multicast or unspecified."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return (ip.version == 4 and not ip.is_loopback and not ip.is_link_local and not ip.is_multicast
            and not ip.is_unspecified and not ip.is_reserved)


def pick_lan_address(candidates: Iterable[str]) -> str | None:
    """The first private usable address in ``candidates`` (their order is the preference);
    else the first other usable one; ``None`` when there is none (only loopback)."""
    usable_ones = [a for a in candidates if usable(a)]
    private = [a for a in usable_ones if ipaddress.ip_address(a).is_private]
    return (private or usable_ones or [None])[0]


def lan_address() -> str | None:
    """This laptop's address for the phones in the hall, or ``None``."""
    return pick_lan_address(candidate_addresses())


def listens_beyond_loopback(server_address: str | None) -> bool:
    """Whether a server bound to ``server_address`` (Streamlit's ``server.address``; empty:
    every interface) accepts connections from other machines."""
    text = (server_address or "").strip().strip("[]")
    if text in ("", "0.0.0.0", "::"):
        return True
    if text == "localhost":
        return False
    try:
        return not ipaddress.ip_address(text).is_loopback
    except ValueError:
        return True  # a host name: assume it is reachable
