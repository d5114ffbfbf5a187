# The load balancer of deploy/compose.yaml: Debian's HAProxy, the same package `make cluster`
# installs (scripts/ensure-haproxy), with the generated deploy/haproxy.cfg mounted, and socat
# to reach its runtime API (docs/deployment.md, rolling release).
FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends haproxy=2.6.* socat \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /run/haproxy /usr/local/etc/haproxy \
    && chown haproxy:haproxy /run/haproxy

USER haproxy
EXPOSE 8080
CMD ["haproxy", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
