# syntax=docker/dockerfile:1
#
# Verbatim as a container: a multi-stage build. The build stage installs every
# dependency, compiles the TypeScript to dist/ and prunes the development
# dependencies; the runtime stage holds only what the bot runs on, as the
# non-root user `node`, with everything it writes under one volume:
#
#   /var/lib/verbatim/index   the index (/reindex and build-index rebuild it there)
#   /var/lib/verbatim/cache   the embedding cache
#   /var/lib/verbatim/data    the bot's own stores (feedback.jsonl and feedback.secret)
#   /var/lib/verbatim/corpus  the reports the index is built from
#
# One volume, not one per folder, because a rebuilt index is swapped in by
# renaming folders beside it, which cannot cross a mount point. Run with a
# read-only root:
#
#   docker build -t verbatim .
#   docker run -d --name verbatim --read-only --tmpfs /tmp \
#     -v verbatim-state:/var/lib/verbatim --env-file .env verbatim
#
# A new named volume starts as a copy of the image's /var/lib/verbatim (the
# committed corpus and index). tests/deploy/dockerfile.test.ts runs these
# steps as a script in a fresh clone; keep each RUN a plain shell command.

ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
# System packages node-gyp needs to compile hnswlib-node.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# onnxruntime-node's install step would download CUDA libraries; npm versions that know
# package.json's allowScripts skip it already, older ones read this.
ENV ONNXRUNTIME_NODE_INSTALL_CUDA=skip
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY . .
RUN npm run build
RUN npm prune --omit=dev
RUN mkdir -p models

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    CORPUS_DIR=/var/lib/verbatim/corpus \
    INDEX_DIR=/var/lib/verbatim/index \
    CACHE_DIR=/var/lib/verbatim/cache/embeddings \
    DATA_DIR=/var/lib/verbatim/data \
    METRICS_PORT=9464 \
    METRICS_HOST=127.0.0.1
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/models ./models
COPY --from=build /app/corpus /var/lib/verbatim/corpus
COPY --from=build /app/index /var/lib/verbatim/index
RUN mkdir -p /var/lib/verbatim/cache /var/lib/verbatim/data && chown -R 1000:1000 /var/lib/verbatim
USER node
VOLUME /var/lib/verbatim
EXPOSE 9464
# /healthz on the loopback address inside the container (METRICS_HOST=127.0.0.1).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "dist/scripts/healthcheck.js"]
# The bot is PID 1 and handles SIGTERM itself: it stops within 10 s, docker stop's default.
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/scripts/start.js"]
