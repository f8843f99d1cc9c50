# Builds the API and the SPA; the image runs against DATABASE_URL (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json nx.json tsconfig.base.json eslint.config.js jest.preset.js ./
COPY libs/metrics/package.json libs/metrics/
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
RUN npm ci
COPY libs libs
COPY apps apps
RUN NX_DAEMON=false npx nx run-many -t build --projects=metrics,api,web && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
# The heap cap keeps the API under 1 GiB (see ROW_LOADING_CONCURRENCY in metrics.service.ts).
CMD ["node", "--max-old-space-size=896", "apps/api/dist/main.js"]
