"""gunicorn settings for the web tier: ``gunicorn -c gunicorn.conf.py config.wsgi``.

Every value can be overridden by gunicorn's own GUNICORN_CMD_ARGS environment variable. The web processes are
stateless (sessions in the database or Redis, cache in Redis, media on the configured storage), so any number of
them can run behind a load balancer that probes /readyz.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Threads let a worker overlap database waits; two processes per core is a safe start.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# Above DATABASE_STATEMENT_TIMEOUT_MS (20 s): a slow statement is cancelled and answered 503 before the worker
# would be killed.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (bounded memory growth), staggered so they never restart together.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
preload_app = False
