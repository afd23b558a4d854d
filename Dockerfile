# syntax=docker/dockerfile:1
# Multi-stage build: a static binary (pure-Go SQLite, no cgo) on a distroless base.
#
#   docker build -t observatory .
#   docker run -p 8080:8080 -v observatory-data:/data observatory       # embedded SQLite
#   docker compose up                                                  # with PostgreSQL
#
# The image's Go must be at least the go line of go.mod (the golang images set
# GOTOOLCHAIN=local: they do not download a newer toolchain).
FROM golang:1.26 AS build
WORKDIR /src
# The whole context first, then one build with the module and build caches mounted:
# as fast on rebuilds as a `go mod download` layer, and unlike one it cannot break when
# go.mod replaces a module by a local folder (a `replace ... => ./internal/...`).
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /observatory . \
 && mkdir -p /data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /observatory /observatory
# The embedded SQLite file lives in /data (mount a volume there to keep it), owned by the nonroot user (65532);
# DATABASE_URL=postgres://... (docker-compose.yml) uses PostgreSQL instead.
COPY --from=build --chown=65532:65532 /data /data
WORKDIR /data
ENV ADDR=:8080 \
    DATABASE_URL=/data/observatory.db \
    LOG_FORMAT=json
EXPOSE 8080
USER 65532:65532
# Container health checks run `/observatory healthcheck` (no shell or curl in the image):
# it asks http://127.0.0.1:$ADDR-port/readyz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=5 \
    CMD ["/observatory", "healthcheck"]
ENTRYPOINT ["/observatory"]
CMD ["serve"]
