# gcflow web/projector/workers image (the Zeebe brokers, Redis and MongoDB are their own images).
# Two stages: the SPA is built with the dev dependencies (vite, bpmn-js, form-js, ECharts), and only its
# output (web/app/dist) goes into the runtime image, which has the production dependencies alone.

# ---- app-build: web/app → web/app/dist
FROM node:20-bookworm-slim AS app-build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# what the build reads: the app, the lint rules and element templates it bundles, the TypeScript settings
COPY tsconfig.json .bpmnlintrc ./
COPY processes/element-templates ./processes/element-templates
COPY web/app ./web/app
RUN npm run build:app && test -f web/app/dist/index.html

# ---- runtime: the server sources run by tsx, the built SPA served by the web role
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# .bpmnlintrc: the API lints every model before a deploy with the repository's rules
COPY tsconfig.json .bpmnlintrc config.ts ./
COPY models ./models
COPY processes ./processes
COPY workers ./workers
COPY web/server ./web/server
# web/server/gcflow.ts serves web/app/dist (next to web/server) with the SPA fallback
COPY --from=app-build /src/web/app/dist ./web/app/dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --retries=5 CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--import", "tsx", "web/server/main.ts"]
