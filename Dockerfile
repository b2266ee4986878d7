# syntax=docker/dockerfile:1
# Cadence: a multi-stage build. The build stage compiles TypeScript and the
# better-sqlite3 native addon; the runtime stage carries production
# dependencies only and runs as a non-root user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Toolchain for better-sqlite3's native build (node-gyp).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    CADENCE_DB=/data/cadence.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json manifest.yml cadence.example.yml ./
COPY migrations ./migrations
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Secrets (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, ...) come from the environment at run time, never from the image.
CMD ["node", "dist/src/main.js"]
