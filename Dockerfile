# Helhedskort as a server: the app behind login, on PostgreSQL (see docs/deploy.md).
# Build: docker build -t helhedskort .      Run with compose.yaml (app + PostgreSQL).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# curl only for the health check; psycopg[binary] brings its own libpq.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user without a login shell: the app needs no root. It may write
# only its home (Streamlit's own settings folder) and /tmp (the login secrets file).
RUN groupadd --system --gid 10001 helhedskort \
    && useradd --system --uid 10001 --gid helhedskort --create-home \
       --home-dir /home/helhedskort --shell /usr/sbin/nologin helhedskort

WORKDIR /app
COPY pyproject.toml README.md ./
COPY mapping ./mapping
COPY data ./data
COPY streamlit_app.py ./
COPY .streamlit/config.toml ./.streamlit/config.toml
# Editable: the entrypoint finds streamlit_app.py and data/ next to the package.
RUN pip install --no-compile -e . && chmod -R a+rX /app

USER helhedskort

# In a container the app answers on every interface of the container: the entrypoint
# refuses that unless login is configured (HELHEDSKORT_OIDC_*) or
# HELHEDSKORT_BEHIND_AUTH_PROXY=1 says a proxy with login stands in front.
ENV HELHEDSKORT_ADDRESS=0.0.0.0 \
    HELHEDSKORT_PORT=8501
EXPOSE 8501

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8501/_stcore/health || exit 1

# Reads *_FILE secrets, writes Streamlit's [auth] from the environment, checks the
# address, migrates the database (waiting for it), then execs streamlit run.
ENTRYPOINT ["helhedskort-server"]
