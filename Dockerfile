# Multi-stage image for the api and the worker (same image, different command), on Node.js 24 LTS
# pinned to the release the scripts fetch (scripts/lib.sh COMITY_NODE_VERSION).
FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24.21.0-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The seed writes a generated first-admin password here (0600), never to its output.
RUN mkdir -m 700 /app/.data && chown node:node /app/.data
USER node

FROM runtime AS api
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]

FROM runtime AS worker
CMD ["node", "dist/apps/worker/src/main.js"]

FROM runtime AS migrate
CMD ["node", "dist/scripts/prepare.js"]
