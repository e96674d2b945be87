# syntax=docker/dockerfile:1
#
# crossover's container images (docs/install.md). Two targets share one build stage:
#
#   docker build -t crossover .                      crossover alone, on distroless: the
#                                                    entry point is crossover itself
#   docker build --target audit -t crossover-audit . crossover with bash, the AWS CLI and the
#                                                    recipes' scripts, for the ECS, AWS Batch and
#                                                    Kubernetes recipes of docs/scheduling.md and
#                                                    docs/scaling.md
#
# Both run as a non-root user. Compiling the AWS SDK crates takes several GB of memory
# (aws-sdk-ec2 alone up to about 7 GB): give Docker at least 8 GB.

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-bookworm AS build
# One cargo target cache per platform: a multi-platform build must not mix their artifacts.
ARG TARGETPLATFORM
WORKDIR /src
# Only what the build reads: a change to the docs or the tests does not rebuild the binary.
COPY Cargo.toml Cargo.lock ./
COPY data ./data
COPY src ./src
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target,id=crossover-target-${TARGETPLATFORM} \
    cargo build --release --locked --bin crossover \
 && install -D -m 0755 target/release/crossover /out/crossover

# The recipes' image: their shell scripts need bash and the AWS CLI (S3 copies), so Debian slim.
# No entry point: ECS sets the entry point script in its task definition, AWS Batch runs the
# job definition's command, and Kubernetes its container's command; the default command is the
# ECS entry point.
FROM debian:bookworm-slim AS audit
# Not pinned to exact Debian versions: bookworm's security updates replace them, and a pinned
# build would fail after the next one. Each release rebuilds the image on the current packages.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends awscli ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 crossover \
 && useradd --system --uid 10001 --gid 10001 --create-home --shell /usr/sbin/nologin crossover
COPY --from=build /out/crossover /usr/local/bin/crossover
COPY --chmod=0755 docs/examples/ecs-entrypoint.sh /usr/local/bin/ecs-entrypoint.sh
COPY --chmod=0755 docs/examples/batch-shard.sh /usr/local/bin/batch-shard.sh
# Numeric, so that Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
WORKDIR /home/crossover
CMD ["/usr/local/bin/ecs-entrypoint.sh"]

# The default image: crossover alone. distroless/cc has the C runtime the glibc build links
# against and the CA certificates for the AWS endpoints, and no shell or package manager;
# its :nonroot tag's user is uid 65532, named again here for runAsNonRoot.
FROM gcr.io/distroless/cc-debian12:nonroot AS crossover
COPY --from=build /out/crossover /usr/local/bin/crossover
USER 65532:65532
WORKDIR /home/nonroot
ENTRYPOINT ["/usr/local/bin/crossover"]
CMD ["--help"]
