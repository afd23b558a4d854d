module github.com/vikstrous/dataloadgen

go 1.20

require go.opentelemetry.io/otel/trace v1.11.1

require go.opentelemetry.io/otel v1.11.1 // indirect
