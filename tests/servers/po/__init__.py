"""Purchase-order data for fixture.py, one module per source system.

fixture.py keeps every sign-in (it already speaks each system's auth); after a
request has signed in, it hands the purchase-order paths to these modules,
which only turn the same orders into each system's documented wire format.

Scenarios: a base URL may carry a mount, /_po/<options>/..., e.g.
    http://127.0.0.1:PORT/_po/n=10000,page=100/b1s/v1/Login
The server then behaves as if it were installed under that path (links it
sends keep the mount), and the options pick the data and hostile cases:
    n=N        N generated orders instead of the three golden ones
    lines=L    lines per generated order (default 5)
    page=P     the server's page size (default: the system's documented one)
    case=C     malformed | html | loop | otherhost | endless | dup | 429 | 403
    t=...      anything; makes the mount (and so 429 state) unique to a test
"""
import urllib.parse

MOUNT_PREFIX = "/_po/"


def mount(path):
    """(path below the mount, the mount, its options) for a request path."""
    if not path.startswith(MOUNT_PREFIX):
        return path, "", {}
    opts_text, slash, rest = path[len(MOUNT_PREFIX):].partition("/")
    opts = {}
    for item in urllib.parse.unquote(opts_text).split(","):
        key, _, value = item.partition("=")
        if key:
            opts[key] = value
    return slash + rest, MOUNT_PREFIX + opts_text, opts
