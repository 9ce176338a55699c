# syntax=docker/dockerfile:1.7
# HSIC Studio training worker for machines without an NVIDIA GPU: the engine's WebAssembly backend.
# Build from the repository root:
#   docker build -f infra/docker/worker-cpu.Dockerfile -t hsic-studio/worker-cpu .
# Optional: --build-arg WITH_FASHION_MNIST=true bakes Debian's Fashion-MNIST into the image
# (otherwise datasets come from $HSIC_DATA_DIR, a volume).

ARG NODE_IMAGE=node:20-bookworm-slim
ARG NPM_VERSION=11.19.1

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
# --ignore-scripts: skips tfjs-node-gpu's libtensorflow-gpu download; this image trains on wasm.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@tensorflow/tfjs-node-gpu

FROM ${NODE_IMAGE} AS runtime
ARG WITH_FASHION_MNIST=false
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && if [ "$WITH_FASHION_MNIST" = "true" ]; then apt-get install -y --no-install-recommends dataset-fashion-mnist; fi \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /var/lib/hsic/data && chown node:node /var/lib/hsic/data
USER node
# HSIC_BACKEND=wasm: use exactly this backend or fail at start. HSIC_WASM_THREADS (1..8) is left to the
# deployment, which knows how many cores the container gets.
ENV NODE_ENV=production \
    HSIC_ROLE=worker \
    HSIC_BACKEND=wasm \
    HSIC_DATA_DIR=/var/lib/hsic/data
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "apps/worker/dist/main.js"]
