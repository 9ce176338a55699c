# syntax=docker/dockerfile:1.7
# HSIC Studio API tier (REST + GraphQL + /metrics), Node 20 on Debian bookworm.
# Build from the repository root:
#   docker build -f infra/docker/api.Dockerfile -t hsic-studio/api .
# It never trains, so it carries no native TensorFlow and no datasets; inference uses the wasm backend.

ARG NODE_IMAGE=node:20-bookworm-slim
# The npm the lockfile was written with (the node image ships npm 10).
ARG NPM_VERSION=11.19.1

# Only the files `npm ci` reads, so the dependency layer is rebuilt when a manifest changes, not on every
# source edit (COPY --from compares file contents).
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json ! -name .npmrc -delete \
 && find . -mindepth 1 -depth -type d -empty -delete

FROM ${NODE_IMAGE} AS build
ARG NPM_VERSION
RUN npm install --global --no-audit --no-fund npm@${NPM_VERSION}
WORKDIR /app
COPY --from=manifests /src/ ./
# --ignore-scripts: the one dependency install script in the tree is tfjs-node-gpu's, which downloads
# libtensorflow-gpu (hundreds of MB) that the API never loads.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build
# Runtime code must not import devDependencies: they are gone after this line.
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@tensorflow/tfjs-node-gpu

FROM ${NODE_IMAGE} AS runtime
# tini as PID 1 forwards SIGTERM to node, so `docker stop` / pod shutdown reach the app's shutdown hooks.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The image's own non-root user (uid 1000). The code stays root-owned and read-only to it; only
# /var/lib/hsic is writable: datasets ($HSIC_DATA_DIR) and, when DATABASE_URL is unset (a single-container
# trial), the embedded PostgreSQL in $HSIC_DATA_HOME/pglite.
RUN mkdir -p /var/lib/hsic/data && chown -R node:node /var/lib/hsic
USER node
ENV NODE_ENV=production \
    HSIC_ROLE=api \
    PORT=3000 \
    HSIC_DATA_HOME=/var/lib/hsic \
    HSIC_DATA_DIR=/var/lib/hsic/data
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || '3000') + '/v2/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "apps/api/dist/main.js"]
