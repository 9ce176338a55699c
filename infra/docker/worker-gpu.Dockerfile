# syntax=docker/dockerfile:1.7
# HSIC Studio training worker on an NVIDIA GPU: @tensorflow/tfjs-node-gpu 4.22 (libtensorflow 2.9.1,
# built for CUDA 11.2 + cuDNN 8; runs on any CUDA 11.x >= 11.2 runtime with cuDNN 8).
# Build from the repository root (needs internet: the tfjs-node-gpu install script downloads libtensorflow):
#   docker build -f infra/docker/worker-gpu.Dockerfile -t hsic-studio/worker-gpu .
# Run on a host with the NVIDIA driver (>= 520 for CUDA 11.8) and the NVIDIA Container Toolkit.
# To match CUDA 11.2 exactly: --build-arg CUDA_IMAGE=nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04

ARG CUDA_IMAGE=nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04
# Node 20 comes from the official image: the same binaries as the API image (they need glibc >= 2.28).
ARG NODE_IMAGE=node:20-bookworm-slim
ARG NPM_VERSION=11.19.1
ARG TFJS_NODE_GPU_VERSION=4.22.0

FROM ${NODE_IMAGE} AS node

FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json ! -name .npmrc -delete \
 && find . -mindepth 1 -depth -type d -empty -delete

FROM ${CUDA_IMAGE} AS cuda-node
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s /usr/local/lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && node --version

FROM cuda-node AS build
# A compiler, only for node-pre-gyp's fallback (building the binding when no prebuilt one fits).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ARG NPM_VERSION
ARG TFJS_NODE_GPU_VERSION
RUN npm install --global --no-audit --no-fund npm@${NPM_VERSION}
WORKDIR /app
COPY --from=manifests /src/ ./
# Every dependency install script stays off during `npm ci`, then exactly one is approved and run:
# tfjs-node-gpu's, which downloads libtensorflow-gpu and the prebuilt binding. npm 11 takes approvals from
# package.json `allowScripts` or .npmrc `allow-scripts` (a command-line --allow-scripts is refused inside a
# project), hence the .npmrc line.
RUN npm ci --ignore-scripts --no-audit --no-fund
RUN echo "allow-scripts=@tensorflow/tfjs-node-gpu" >> .npmrc \
 && npm rebuild @tensorflow/tfjs-node-gpu --foreground-scripts
COPY . .
RUN node infra/docker/check-tfjs-gpu-binding.js ${TFJS_NODE_GPU_VERSION}
RUN npm run build
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && node infra/docker/check-tfjs-gpu-binding.js ${TFJS_NODE_GPU_VERSION}

FROM cuda-node AS runtime
WORKDIR /app
COPY --from=build /app ./
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/hsic --create-home hsic \
 && mkdir -p /var/lib/hsic/data \
 && chown -R hsic:hsic /var/lib/hsic
USER hsic
# HSIC_BACKEND=tensorflow-gpu: the engine uses exactly this backend or throws at start, so a node with a
# broken driver or a missing GPU fails loudly instead of training on the CPU for days.
# TF_FORCE_GPU_ALLOW_GROWTH: libtensorflow otherwise claims the whole GPU memory at start, which breaks
# two workers sharing one GPU (see infra/README.md).
ENV NODE_ENV=production \
    HSIC_ROLE=worker \
    HSIC_BACKEND=tensorflow-gpu \
    HSIC_DATA_DIR=/var/lib/hsic/data \
    TF_FORCE_GPU_ALLOW_GROWTH=true \
    TF_CPP_MIN_LOG_LEVEL=1
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "apps/worker/dist/main.js"]
