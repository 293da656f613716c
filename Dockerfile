# One image for the four services; SERVICE picks which one runs (docker-compose.yml sets it).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# patch-package applies patches/ after the install (postinstall).
COPY patches ./patches
# The lock lists only the platform binaries our registry serves, so `npm ci` would refuse it.
RUN npm install --no-audit --no-fund
# The image's Node is 24, as the devDependency `node` that scripts/ use outside Docker (dropped by the prune).
COPY . .
# Path aliases come from tsconfig.base.json, their one declaration (tools/swc-build.js).
RUN node tools/swc-build.js contracts libs services && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json ./
COPY infra/tenants ./infra/tenants
# The dashboard reads its templates and public files where they are kept (not compiled).
COPY services/dashboard/views ./services/dashboard/views
COPY services/dashboard/public ./services/dashboard/public
USER node
ARG SERVICE=ingestion
ENV SERVICE=${SERVICE}
# A larger young generation: the consumers allocate fast, and scavenges were 12 % of a replay
# (ingestion's is 16: an import's RSS stays under 300 MB; docker-compose.yml sets it).
ENV SEMI_SPACE_MB=32
CMD ["sh", "-c", "exec node --enable-source-maps --max-semi-space-size=${SEMI_SPACE_MB} dist/services/${SERVICE}/src/main.js"]
