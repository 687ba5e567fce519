#!/bin/sh
# Fills additionalData.hmacSignature of every notification item in the recorded bodies here,
# computed with jq and the openssl CLI only, independently of Switchyard's code (see README.md),
# then writes batch_one_bad.json: three signed items of which the second is altered afterwards.
# adyen_docs_example.json is Adyen's own published example and is left as Adyen signed it.
set -eu
cd "$(dirname "$0")"
KEY='3A8F2C7D9E1B4A6C5D0E8F7A2B9C4D1E6F3A0B5C8D7E2F9A4B1C6D3E0F5A8B7C'

# pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success
signing_string() {
  jq -r ".notificationItems[$2].NotificationRequestItem
         | [.pspReference, .originalReference, .merchantAccountCode, .merchantReference,
            (.amount.value // \"\" | tostring), .amount.currency, .eventCode, .success]
         | map(. // \"\") | join(\":\")" "$1"
}
sign() { printf '%s' "$1" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY" -binary | base64; }

for body in authorisations.json modifications.json; do
  count=$(jq '.notificationItems | length' "$body")
  i=0
  while [ "$i" -lt "$count" ]; do
    s=$(signing_string "$body" "$i")
    sig=$(sign "$s")
    printf '%s item %s: %s -> %s\n' "$body" "$i" "$s" "$sig"
    jq --arg sig "$sig" ".notificationItems[$i].NotificationRequestItem.additionalData.hmacSignature = \$sig" \
      "$body" > "$body.tmp" && mv "$body.tmp" "$body"
    i=$((i + 1))
  done
done

# The first three items of modifications.json, with the second one's amount raised after signing.
jq '.notificationItems |= .[0:3] | .notificationItems[1].NotificationRequestItem.amount.value = 50000' \
  modifications.json > batch_one_bad.json
