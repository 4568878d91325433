#!/bin/sh
# A self-signed certificate and key for trying the deployment out (browsers will warn; a
# site uses its own CA's certificate instead). Usage:
#   deploy/make-self-signed-cert.sh [DIR] [HOSTNAME]
# writes DIR/server.crt and DIR/server.key (default DIR deploy/local/tls, HOSTNAME localhost),
# valid 30 days, the key readable by its owner only.
set -eu
dir=${1:-deploy/local/tls}
name=${2:-localhost}
mkdir -p "$dir"
umask 077
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$name" \
	-addext "subjectAltName=DNS:$name,DNS:localhost,IP:127.0.0.1" \
	-keyout "$dir/server.key" -out "$dir/server.crt" 2>/dev/null
echo "wrote $dir/server.crt and $dir/server.key"
