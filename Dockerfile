# The dashboard's image: one replica. deploy/compose.yaml runs several behind HAProxy, with the
# same command and configuration as `make cluster` (docs/deployment.md).
#   docker build -t reform-metrics .
#   docker run --rm -p 127.0.0.1:8501:8501 reform-metrics
# The Python version is the one the project is developed and tested on.
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# An unprivileged user owns nothing but its home; the code and data stay root's, read-only to it.
RUN groupadd --system metrics \
    && useradd --system --gid metrics --create-home --home-dir /home/metrics \
       --shell /usr/sbin/nologin metrics

WORKDIR /app
# Dependencies first, each pinned by constraints.txt (the same pins as `make run`), so a code
# change does not reinstall them.
COPY pyproject.toml constraints.txt README.md ./
COPY src ./src
RUN pip install --constraint constraints.txt --editable .

# The app (the frame and the ASGI entry that serves it, its pages, the interface's translations,
# Streamlit's configuration) and the data, baked in. A data
# release can instead be mounted read-only and named by METRICS_DATA_DIR.
COPY app.py asgi.py babel.cfg ./
COPY app_pages ./app_pages
# The Kazakh and Russian catalogs, compiled as `make run` compiles them.
COPY locale ./locale
RUN pybabel compile -d locale -D messages
COPY .streamlit ./.streamlit
COPY data ./data

USER metrics
EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=3)"]
CMD ["python", "-m", "metrics", "serve", "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true"]
