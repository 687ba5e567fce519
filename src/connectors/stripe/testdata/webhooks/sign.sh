#!/bin/sh
# Writes the Stripe-Signature header value of every recorded webhook body here into <body>.sig,
# computed with the openssl CLI only, independently of Switchyard's code (see README.md).
set -eu
cd "$(dirname "$0")"
SECRET='whsec_sy_test_5f0c1e9d2b7a4c63a8e1f4d2b9c0e7a1'
OLD_SECRET='whsec_sy_test_rolled_0a1b2c3d4e5f6a7b8c9d0e1f'
T=1700200000

# v1 = hex HMAC-SHA256, key = the whole whsec_ secret, message = "<t>.<body bytes>".
v1() { { printf '%s.' "$T"; cat "$2"; } | openssl dgst -sha256 -hmac "$1" | sed 's/^.*= //'; }

for body in *.json; do
  printf 't=%s,v1=%s' "$T" "$(v1 "$SECRET" "$body")" > "${body%.json}.sig"
done
# A secret being rolled: Stripe sends one v1 per active secret; the old one comes first here.
printf 't=%s,v1=%s,v1=%s' "$T" "$(v1 "$OLD_SECRET" payment_intent.succeeded.json)" \
  "$(v1 "$SECRET" payment_intent.succeeded.json)" > payment_intent.succeeded.rolled.sig
