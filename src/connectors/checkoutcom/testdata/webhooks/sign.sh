#!/bin/sh
# Writes the Cko-Signature header value of every recorded webhook body here into <body>.sig,
# computed with the openssl CLI only, independently of Switchyard's code (see README.md).
set -eu
cd "$(dirname "$0")"
SECRET='cko_sy_test_signing_key_7c3e9a1f5b2d4e60'

# Cko-Signature = hex HMAC-SHA256 of the raw body bytes, key = the webhook action's signature key.
for body in *.json; do
  openssl dgst -sha256 -hmac "$SECRET" < "$body" | sed 's/^.*= //' | tr -d '\n' > "${body%.json}.sig"
done
