# gcflow web/projector/workers image (the Zeebe brokers, Redis and MongoDB are their own images).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# tsx runs the TypeScript sources directly; dev tools (jest, eslint) are left out
RUN npm ci --omit=dev --no-audit --no-fund && npm install --no-save tsx@4
COPY config.ts ./
COPY models ./models
COPY processes ./processes
COPY workers ./workers
COPY web/server ./web/server
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --retries=5 CMD node -e "fetch('http://127.0.0.1:3000/api/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["npx", "tsx", "web/server/main.ts"]
