"""gunicorn's settings for ``make run`` and production (``gunicorn --config gunicorn.conf.py``).

Every setting can be changed from the environment; see the README's deployment notes.
The access log leaves out query strings, client addresses and the tokens in emailed links:
a search can say a lot about a person ("debt", a home postcode), and a token is a key.
"""

import multiprocessing
import os

from gunicorn.glogging import Logger

from directory_app.core.logs import redacted_path

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
# One worker per core: each search page is CPU-bound work in Python.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count())
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# With LOG_FORMAT=json the app writes its own request lines (with request ids).
accesslog = None if os.environ.get("LOG_FORMAT") == "json" else "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
# gunicorn 27's control socket is one path per user (~/.gunicorn/gunicorn.ctl): two servers
# on one machine (two sites, or a blue-green switch) would fight over it. Nothing here uses
# it; GUNICORN_CONTROL_SOCKET names a socket to turn it on.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if not control_socket_disable:
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
# Proxy headers (X-Forwarded-For, -Proto) are believed only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


class RedactingLogger(Logger):
    """gunicorn's logger, with nothing personal in the access log's atoms."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms.update(
            U=redacted_path(atoms.get("U") or ""),
            q="",
            h="-",
            r=f"{atoms.get('m') or ''} {redacted_path(atoms.get('U') or '')}",
            f="-",
        )
        return atoms


logger_class = RedactingLogger


def post_worker_init(worker):
    """Leave the loaded app out of the garbage collector's full collections.

    A worker holds about 200,000 objects from loading the app (SQLAlchemy's mappers,
    Jinja, Babel, WTForms), and a full collection walking them took 89 ms. Python ran one
    about every 14 requests of ``benchmarks/inbox.py``'s audit log page, which took 120 ms
    instead of 20 then, on both databases. Frozen, they are skipped and a full collection
    takes about 4 ms; per-request objects are still collected. Loading's own garbage is
    collected first, so it is not frozen in for the worker's life.
    """
    import gc

    gc.collect()
    gc.freeze()
