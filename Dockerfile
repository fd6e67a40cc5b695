# syntax=docker/dockerfile:1
# Serves real AWS IVS by default (credentials from the default chain: task role, env, ...).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the image's Node 24 builds; the `node` devDependency would install a second one.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY schema ./schema
COPY src ./src
RUN npm run build

FROM node:24-bookworm-slim
# GraphiQL (~20 MB of assets, an optional dependency) is off in production; GRAPHIQL=true keeps it.
ARG GRAPHIQL=false
ENV NODE_ENV=production \
    IVS_BACKEND=aws \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts $([ "$GRAPHIQL" = true ] || echo --omit=optional) && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schema ./schema
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
