#!/bin/sh
# Run on a test host: start the deliberately insecure workloads an audit must
# name (idempotent). Neither --privileged nor --cap-add ALL can run in a nested
# test host (CAP_SYS_RESOURCE is missing), so "priv" gets the capabilities that
# make a container root equal to host root instead.
set -e
img=$(lab-image)
have() { docker container inspect "$1" >/dev/null 2>&1; }
have priv || docker run -d --name priv --cap-add SYS_ADMIN --cap-add NET_ADMIN --cap-add SYS_PTRACE --cap-add SYS_MODULE "$img" sleep infinity
have hostnet || docker run -d --name hostnet --network host "$img" sleep infinity
have docker-sock || docker run -d --name docker-sock -v /var/run/docker.sock:/var/run/docker.sock "$img" sleep infinity
have web || docker run -d --name web -p 8080:80 "$img" httpd -f -p 80
