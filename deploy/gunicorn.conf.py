"""gunicorn configuration for cesp in production (docs/deploy.md).

    gunicorn -c deploy/gunicorn.conf.py

Every value can be overridden from the environment (or on the command line, e.g.
``-b 127.0.0.1:9000``). gunicorn sits behind a TLS-terminating reverse proxy that sets
``X-Forwarded-Proto: https``; it listens on loopback only.
"""

import multiprocessing
import os

# Production settings unless the environment chose others (cesp/wsgi.py defaults to dev).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cesp.settings.prod")

wsgi_app = "cesp.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A page is computed in well under a second; anything near this limit is a bug to see.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (bounded memory growth), not all at once.
max_requests = 2000
max_requests_jitter = 200
# Only the local reverse proxy may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Query strings may hold search terms: log the path only.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
# No control socket in $HOME: nothing here drives gunicorn through it, and two servers
# on one machine would fight over the same path.
control_socket_disable = True
