# syntax=docker/dockerfile:1
# kafkascope container image:
#   docker build -t kafkascope .
#   docker run --rm -p 9308:9308 kafkascope --kafka.server=kafka-1:9092
# Arguments are kafkascope's flags; every flag can also be set as a KAFKASCOPE_* environment variable.

ARG NODE_IMAGE=node:22-bookworm-slim

# Build: compile TypeScript with the dev dependencies; only dist/ leaves this stage.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Runtime: production dependencies only, owned by root and read-only for the user that runs kafkascope.
FROM ${NODE_IMAGE}
ARG NODE_IMAGE
ARG VERSION=0.1.0
LABEL org.opencontainers.image.title="kafkascope" \
      org.opencontainers.image.description="Kafka replication health, offsets and consumer-group lag as Prometheus metrics" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.base.name="${NODE_IMAGE}"
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund --ignore-scripts
COPY --from=build /app/dist ./dist
# The node user of the official image (uid 1000, as the Kubernetes manifests' runAsUser).
USER node
EXPOSE 9308
# Slim images have no curl: node asks /-/healthy on the port of KAFKASCOPE_WEB_LISTEN_ADDRESS (default 9308).
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "dist/deploy/healthcheck.js"]
# node runs as PID 1 without an init (no tini, no --init): kafkascope handles SIGTERM and SIGINT itself (PID 1 gets
# no default signal handlers from the kernel) and exits within 5 s, and it starts no child processes, so there are
# no zombies to reap.
ENTRYPOINT ["node", "dist/cli.js"]
# No default arguments: flags given to `docker run` follow the entrypoint, and KAFKASCOPE_* variables (-e) are not
# overridden by a default flag.
CMD []
