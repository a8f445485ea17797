# attdash: one Streamlit worker per container (the launcher: streamlit run with TCP_NODELAY).
# compose.yaml runs N of them behind HAProxy with PostgreSQL; the snapshots are mounted read-only at
# /app/data/snapshots (they are not in the image: publishing a snapshot needs no new image).
# Not built on the development machine (no Docker engine there); what is tested is `make serve`.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# Noto fonts: the PDF briefs and reports in the six UN scripts (Typst).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-core fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
# The computed snapshot databases go to a writable cache (the snapshots themselves are read-only).
RUN useradd --system --uid 10001 --home-dir /app --no-create-home attdash \
 && mkdir -p /var/cache/attdash && chown attdash /var/cache/attdash
USER attdash
ENV ATTDASH_CACHE=/var/cache/attdash

EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=2).read() != b'ok')"]
# All interfaces of the container's own network (published only through the proxy); no file watcher.
CMD ["python", "-m", "attdash.server.launch", "asgi.py", "--server.address", "0.0.0.0", "--server.port", "8501", \
     "--server.headless", "true", "--server.fileWatcherType", "none"]
