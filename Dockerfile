# Multi-stage build: a static binary (pure-Go SQLite, no cgo) on a distroless base.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /observatory .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /observatory /observatory
EXPOSE 8080
ENTRYPOINT ["/observatory"]
CMD ["serve"]
