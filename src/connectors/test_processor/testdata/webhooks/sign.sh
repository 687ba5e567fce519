#!/bin/sh
# Writes the Tp-Signature header value of every recorded webhook body here into <body>.sig,
# computed with the openssl CLI only, independently of Switchyard's code (see README.md).
set -eu
cd "$(dirname "$0")"
SECRET='tp_whsec_sy_test_2d7f4a9c1e6b3058'

# Tp-Signature = hex HMAC-SHA256 of the raw body bytes, key = the connection's webhookSecret.
for body in *.json; do
  openssl dgst -sha256 -hmac "$SECRET" < "$body" | sed 's/^.*= //' | tr -d '\n' > "${body%.json}.sig"
done
