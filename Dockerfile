# syntax=docker/dockerfile:1
#
# Switchboard image. Node 24 runs the TypeScript sources directly (type stripping), so nothing is compiled:
# the build stage exists for the dashboard, and the final stage carries production dependencies only.
#
#   docker build -t switchboard .
#   docker run --env-file .env -p 3000:3000 switchboard              # web: serve --no-worker
#   docker run --env-file .env switchboard worker                    # background jobs
#   docker run --env-file .env switchboard migrate                   # one-shot migrations
#
# See docs/operations.md for the production layout and docker-compose.yml for a complete example.

ARG NODE_IMAGE=node:24-slim

# ---- build: full dependencies, dashboard assets -------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# Manifests first, so source edits do not invalidate the dependency layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

COPY . .
# `--if-present` keeps the image buildable before the dashboard (web/) exists; the folder is created either way so
# the runtime stage can always copy it.
RUN npm run build:web --if-present && mkdir -p web/dist

# ---- runtime: production dependencies, sources, non-root ----------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app

LABEL org.opencontainers.image.title="switchboard" \
      org.opencontainers.image.description="Self-hosted contact-center hub between LiveChat, Chatwoot and RingCentral" \
      org.opencontainers.image.licenses="MIT"

# Offline speech-to-text for call recordings (optional at runtime: the hub reports what is available).
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      pocketsphinx pocketsphinx-en-us sox espeak-ng && rm -rf /var/lib/apt/lists/*

# The `node` dev dependency (the pinned runtime for npm scripts on old hosts) is not needed: the base image is Node 24.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Sources stay owned by root: the app user can read them but never rewrite its own code.
COPY --from=build /app/src ./src
COPY --from=build /app/sim ./sim
COPY --from=build /app/bin ./bin
COPY --from=build /app/web/dist ./web/dist

# DATA_DIR holds the embedded PostgreSQL (single-container trials only) and generated keys when SECRET_KEY /
# ADMIN_API_KEY are not set. Production sets DATABASE_URL and both keys, so it stays empty there.
RUN mkdir -p /data && chown node:node /data

# Inside a container the API must listen on every interface; the config default (127.0.0.1) suits a laptop.
ENV HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data

USER node
EXPOSE 3000

# The slim image has no curl; Node's fetch does the probe. Worker containers serve no HTTP: disable it for them
# (docker-compose.yml does).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/health/live`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["node", "src/main.ts"]
CMD ["serve", "--no-worker"]
