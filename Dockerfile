# Anvil container image. Build: docker build -t anvil .   Run: docker run --env-file .env -p 3000:3000 anvil
# Stage 1 compiles TypeScript with dev dependencies; stage 2 holds production dependencies only.
FROM node:24-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-alpine
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY app.yml ./
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD wget -qO- "http://127.0.0.1:${PORT}/ping" | grep -q PONG || exit 1
# What `npm start` runs: Probot with Anvil's Octokit plugins; refuses to start without WEBHOOK_SECRET.
CMD ["node", "lib/main.js"]
