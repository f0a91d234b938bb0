# 医保缴费助手 — the Telegram bot in a small image.
#   docker build -t yibao-bot .
#   docker run --rm --env-file .env yibao-bot                      # long polling
#   docker run --rm --env-file .env -p 8443:8443 yibao-bot         # YIBAO_MODE=webhook
#   docker run --rm -p 8080:8080 yibao-bot python -m bot web       # the web page and the JSON API
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    YIBAO_KNOWLEDGE_DIR=/app/knowledge \
    YIBAO_TEMPLATE_DIR=/app/templates \
    YIBAO_WEBHOOK_LISTEN=0.0.0.0 \
    YIBAO_WEBHOOK_PORT=8443 \
    YIBAO_WEB_LISTEN=0.0.0.0 \
    YIBAO_DATA_DIR=/var/lib/yibao

WORKDIR /app

# The code, the knowledge the answers cite, and the wording. Owned by root, read-only
# for the user the bot runs as.
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY knowledge/ knowledge/
COPY templates/ templates/

# Editable, so data files next to the code (bot/understand/*.yaml) are found as in the repo.
# Bytecode compiled now: PYTHONDONTWRITEBYTECODE stops the non-root user writing it later,
# and compiling on every start is most of a command-line answer's cold start.
# The postgres extra: several bot processes can share reminders in PostgreSQL (YIBAO_DATABASE_URL).
RUN pip install -e .[postgres] \
 && python -m compileall -q bot \
 && python -m bot knowledge check \
 && useradd --system --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin yibao \
 && install -d -o yibao -g yibao -m 700 /var/lib/yibao

# The reminders' default SQLite database (YIBAO_DATA_DIR); mount a volume here to keep it
# across containers, or set YIBAO_DATABASE_URL=postgresql://… to share one among several.
VOLUME /var/lib/yibao

USER yibao

EXPOSE 8443 8080

# `run` starts the Telegram bot (polling, or webhook with YIBAO_MODE=webhook); it validates
# the knowledge first and exits with file:line errors, or names a missing setting.
CMD ["python", "-m", "bot", "run"]
