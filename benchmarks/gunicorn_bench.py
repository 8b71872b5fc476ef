"""gunicorn settings of ``python -m benchmarks.http``: its own flags set the worker class and count; no access log
(the project's gunicorn.conf.py, for production, writes one line per request)."""

accesslog = None
errorlog = "-"
loglevel = "warning"
timeout = 60
