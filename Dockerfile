# Multi-stage build of the geokg binary; the image serves the API.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/geokg ./cmd/geokg

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/geokg /usr/local/bin/geokg
COPY --from=build /src/fixtures /fixtures
WORKDIR /data
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/geokg"]
CMD ["serve", "--addr", "0.0.0.0:8080", "--import", "/fixtures/gazetteer.yaml,/fixtures/articles,/fixtures/events"]
