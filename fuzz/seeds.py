#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/<target>/ from what the repository already holds: the
connectors' recorded processor answers and webhooks (src/connectors/*/testdata/), the request
bodies of the Gherkin features, the Primer spec's request examples, and a few hand-written inputs
below. Each file is the exact input of the target (its selector byte first; see the layout comment
in each fuzz/*_fuzzer.cc). Re-run after adding testdata: `python3 fuzz/seeds.py`; files already
there are kept (crash inputs turned into regression tests live in the same folders).
"""
import hashlib
import json
import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
SPECS = ROOT.parent / "shared" / "specs"
CONNECTORS = ROOT / "src" / "connectors"


def write(target, data: bytes, name=None):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    name = name or "seed-" + hashlib.sha1(data).hexdigest()[:16]
    (d / name).write_bytes(data)


# --- api_json_bodies: selector (payment create 0, capture 1, cancel 2, refund 3, authorize 4,
# client session create 5, patch 6, tokenize 7, simulation 8) + body --------------------------
API = {"create": 0, "capture": 1, "cancel": 2, "refund": 3, "authorize": 4, "session": 5,
       "patch": 6, "tokenize": 7, "simulate": 8}
HAND_WRITTEN = {
    "create": ['{"paymentMethodToken":"tok_1","orderId":"o-1","currencyCode":"EUR","amount":4200,'
               '"customerId":"c-1","customer":{"emailAddress":"a@example.com","billingAddress":'
               '{"countryCode":"FR","city":"Paris"}},"order":{"countryCode":"FR","lineItems":'
               '[{"itemId":"i","amount":4200,"quantity":1}]},"metadata":{"k":"v","n":3},'
               '"paymentMethod":{"descriptor":"Shop","paymentType":"FIRST_PAYMENT",'
               '"authorizationType":"FINAL","vaultOnSuccess":true},"processor":'
               '{"processorMerchantId":"stripe-main"}}',
               '{"paymentMethodToken":"tok_1","amount":-1,"currencyCode":"XXX","metadata":{"":1}}'],
    "capture": ['{}', '{"amount":100,"final":false,"metadata":{"a":"b"},"order":'
                '{"retailerCountryCode":"DE"}}'],
    "cancel": ['{}', '{"reason":"customer asked"}'],
    "refund": ['{}', '{"amount":50,"orderId":"o-1","reason":"r","transactionEventId":'
               '"0b3e3c1a-4f0e-4a3e-9b9a-0c6f9f7f7f7f"}'],
    "authorize": ['{"processor":{"processorMerchantId":"adyen-eu","name":"ADYEN"}}'],
    "session": ['{"orderId":"o","currencyCode":"JPY","amount":0,"order":{"lineItems":'
                '[{"itemId":"a","amount":10,"quantity":3,"discountAmount":1}],"fees":[{"amount":2}],'
                '"shipping":{"amount":5}}}'],
    "patch": ['{"clientToken":"ct_1","orderId":null,"amount":5,"customer":{"firstName":null},'
              '"order":null,"metadata":{"x":"y"}}'],
    "tokenize": ['{"paymentInstrument":{"number":"4242 4242 4242 4242","expirationMonth":"3",'
                 '"expirationYear":"30","cvv":"123","cardholderName":"Ann"}}',
                 '{"paymentInstrument":{"number":"378282246310005","expirationMonth":"12",'
                 '"expirationYear":"2031","cvv":"1234"}}',
                 '{"paymentInstrument":{"number":"4242424242424241","expirationMonth":"13",'
                 '"expirationYear":"2020","cvv":"12a"}}'],
    "simulate": ['{}', '{"version":2,"from":"2024-01-01T00:00:00Z","to":"2024-02-01","limit":10}',
                 '{"payments":[{"amount":100,"currencyCode":"EUR","customerId":"vip","metadata":'
                 '{"tier":"gold"},"card":{"binIssuerCountry":"FR"}}],"sampleSize":2}'],
}


def api_bodies():
    for kind, bodies in HAND_WRITTEN.items():
        for b in bodies:
            write("api_json_bodies", bytes([API[kind]]) + b.encode())
    # Docstrings of the features, by the step that sends them.
    steps = [(re.compile(r"creates a payment|POST \"/payments\""), "create"),
             (re.compile(r"client session with"), "session"),
             (re.compile(r"simulates"), "simulate")]
    for feature in (ROOT / "features").glob("*.feature"):
        lines = feature.read_text().splitlines()
        i = 0
        while i < len(lines):
            if lines[i].strip() == '"""' and i > 0:
                j = i + 1
                while j < len(lines) and lines[j].strip() != '"""':
                    j += 1
                body = "\n".join(lines[i + 1:j])
                for pattern, kind in steps:
                    if pattern.search(lines[i - 1]):
                        write("api_json_bodies", bytes([API[kind]]) + body.encode())
                i = j + 1
            else:
                i += 1
    # The Primer spec's request examples.
    spec = yaml.safe_load((SPECS / "primer" / "primer-api-v2.4.openapi.yml").read_text())
    by_path = {"/payments/{id}/authorize": "authorize", "/payments/{id}/capture": "capture",
               "/payments/{id}/refund": "refund", "/payments/{id}/cancel": "cancel"}
    for path, kind in by_path.items():
        content = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        examples = [content["example"]] if "example" in content else []
        examples += [e.get("value") for e in content.get("examples", {}).values()]
        for e in examples:
            if e is not None:
                write("api_json_bodies", bytes([API[kind]]) + json.dumps(e).encode())


# --- processor answers: selector, status (2 bytes), body ---------------------------------------
def answer(target, selectors, status, body: bytes):
    for s in selectors:
        write(target, bytes([s, status >> 8, status & 255]) + body)


def status_of(name):
    m = re.search(r"(?:^|[._])([1-5]\d\d)(?:[._]|$)", name)
    return int(m.group(1)) if m else 200


def processor_answers():
    rules = {
        "stripe": [(r"^(create|retrieve|capture|cancel)_payment_intent\.response", [0, 4, 5]),
                   (r"^create_refund\.response", [1]), (r"^search_", [2]), (r"^list_refunds\.resp", [3])],
        "adyen": [(r"^payments\..*response", [0, 1]), (r"^(captures|cancels|refunds|reversals)\.response", [2, 3, 4]),
                  (r"^details\..*response", [7])],
        "checkoutcom": [(r"^authorize.*response", [0, 1]), (r"^(capture|void|refund)\.response", [2]),
                        (r"^refund_exceeds", [2]), (r"^payment.*response", [3]), (r"^actions", [4, 5, 6])],
        "square": [(r"^authorize.*response", [0]), (r"^capture.*response", [1, 2]), (r"^refund.*response", [3])],
        "test_processor": [(r"^payment_", [0, 2]), (r"^error_", [0, 1]), (r"^inquiry_payments", [2]),
                           (r"^inquiry_operations", [3, 4]), (r"_succeeded|capture_partial", [1])],
    }
    credentials = {
        "stripe": (6, ['{"secretKey":"sk_test_abc","stripeAccount":"acct_1"}', '{"secretKey":1}']),
        "adyen": (5, ['{"apiKey":"AQEyhmfxK","merchantAccount":"M","returnUrl":"https://x/r","hmacKey":"AB"}']),
        "checkoutcom": (7, ['{"secretKey":"sk_sbox_abc","processingChannelId":"pc_1"}', '{"secretKey":"pk_x"}']),
        "square": (4, ['{"accessToken":"EAAAl_sandbox"}']),
        "test_processor": (5, ['{"apiKey":"tp_secret"}']),
    }
    for connector, connector_rules in rules.items():
        target = connector + "_response"
        for f in sorted((CONNECTORS / connector / "testdata").glob("*.json")):
            if "request" in f.name:
                continue
            for pattern, selectors in connector_rules:
                if re.search(pattern, f.name):
                    answer(target, selectors, status_of(f.name), f.read_bytes())
        selector, creds = credentials[connector]
        for c in creds:
            answer(target, [selector], 0, c.encode())


# --- inbound_webhooks: connector (stripe 0, checkoutcom 1, test processor 2, adyen 3) | 4 when
# signed by the target itself; unsigned inputs carry "<signature header>\n<body>" ---------------
def webhooks():
    numbers = {"stripe": 0, "checkoutcom": 1, "test_processor": 2, "adyen": 3}
    for connector, n in numbers.items():
        folder = CONNECTORS / connector / "testdata" / "webhooks"
        for body in sorted(folder.glob("*.json")):
            data = body.read_bytes()
            write("inbound_webhooks", bytes([n | 4]) + data)
            sig = body.with_suffix(".sig")
            header = sig.read_bytes().strip() if sig.exists() else b""
            write("inbound_webhooks", bytes([n]) + header + b"\n" + data)


# --- form_encoding: 0 = decode a body (then re-encode), 1 = encode NUL-separated pairs ---------
def forms():
    for f in sorted((CONNECTORS / "stripe" / "testdata").glob("*.request*.json")):
        body = json.loads(f.read_text()).get("body")
        if body:
            write("form_encoding", b"\x00" + body.encode())
    for raw in [b"a=1&b[c][d]=x%20y&&c=%E2%82%AC&d=+", b"=x&%zz=1", b"metadata[sy_attempt_key]=att%5B1%5D"]:
        write("form_encoding", b"\x00" + raw)
    write("form_encoding", b"\x01" + b"payment_method_data[card][number]\x004242 4242\x00q\x00metadata['k']:'v'&=")


# --- http_request: method (0 GET, 1 POST), target, "\n", header lines ---------------------------
def requests():
    targets = [
        b"/payments?limit=10&status=AUTHORIZED,SETTLED&currency_code=EUR&from_date=2024-01-01"
        b"&to_date=2024-01-31T23:59:59Z&min_amount=1&max_amount=100000&processor=STRIPE"
        b"&customer_email_address=a%40example.com&last_4_digits=4242&order_id=o%2B1",
        b"/payments?cursor=bzoxNzAwMDAwMDAwMDAwMDAwOnBheV8x&payment_method_type=PAYMENT_CARD",
        b"/payments/pay_1?expand=transactions.events",
        b"/payments/pay%2F1/capture", b"/workflows/wf_1/versions/3", b"/webhooks/processors/stripe-main",
        b"http://localhost:8080/healthz", b"*", b"/a b", b"/payments?%zz=1",
    ]
    headers = (b"X-Api-Key: sy_abc\nX-Api-Version: 2.4\nX-Idempotency-Key: key-1\n"
               b"Authorization: Bearer ct_1\nX-Request-Id: req-1\n")
    for i, t in enumerate(targets):
        write("http_request", bytes([i % 2]) + t + b"\n" + headers)


# --- dictionaries: fuzz/<target>.dict with the JSON member names and short string values of that
# target's seeds, plus JSON's own tokens (libFuzzer splices them into inputs) -------------------
JSON_TOKENS = ['{', '}', '[', ']', ':', ',', '"', 'null', 'true', 'false', '-1', '0', '1e999',
               '9223372036854775807', '9223372036854775808', '-9223372036854775809', '0.5', '\\u0000']


def collect(value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(k)
            collect(v, out)
    elif isinstance(value, list):
        for v in value:
            collect(v, out)
    elif isinstance(value, str) and 0 < len(value) <= 40:
        out.add(value)


def dict_entry(token: str) -> str:
    """One libFuzzer dictionary line: the token's UTF-8 bytes, quoted, \\xAB for the rest."""
    out = []
    for b in token.encode():
        c = chr(b)
        out.append("\\" + c if c in '"\\' else c if 32 <= b < 127 else "\\x%02X" % b)
    return '"' + "".join(out) + '"'


def dictionary(target, skip, extra=()):
    tokens = set()
    for f in (CORPUS / target).iterdir():
        try:
            collect(json.loads(f.read_bytes()[skip:]), tokens)
        except (ValueError, UnicodeDecodeError):
            pass
    # Member names and values as they appear in JSON (quoted), then the bare tokens.
    words = sorted({json.dumps(t) for t in tokens}) + JSON_TOKENS + list(extra)
    lines = ["# Generated by fuzz/seeds.py: JSON member names and values of the seeds, JSON tokens."]
    lines += [dict_entry(w) for w in words]
    (ROOT / "fuzz" / (target + ".dict")).write_text("\n".join(lines) + "\n")


# --- three_ds_messages: selector (ARes 0, challenge result 1, emulator AReq 2), status, body -------
def three_ds():
    tid, ds, acs = "8a880dc0-d2d2-4067-bcb1-b08d1690b26e", "1e1e298b-1f8f-4f65-a817-623578906c55", "25cadae9-e120-473e-b64d-7d9158ca7891"
    base = {"messageVersion": "2.2.0", "threeDSServerTransID": tid, "dsTransID": ds, "acsTransID": acs}
    cavv = "AAABBBCCCDDDEEEFFFGGGHHHIII="
    ares = [dict(base, messageType="ARes", transStatus="Y", eci="05", authenticationValue=cavv),
            dict(base, messageType="ARes", transStatus="A", eci="01", authenticationValue=cavv),
            dict(base, messageType="ARes", transStatus="C", acsChallengeMandated="Y",
                 acsURL="http://127.0.0.1:9/3ds/challenge/" + acs),
            dict(base, messageType="ARes", transStatus="N", transStatusReason="01")]
    erro = {"messageType": "Erro", "messageVersion": "2.2.0", "errorCode": "203", "errorComponent": "D",
            "errorDescription": "Format of one or more Data Elements is Invalid", "errorDetail": "acctNumber",
            "errorMessageType": "AReq"}
    for a in ares:
        answer("three_ds_messages", [0], 200, json.dumps(a).encode())
    answer("three_ds_messages", [0, 1], 400, json.dumps(erro).encode())
    answer("three_ds_messages", [1], 202, json.dumps({"threeDSServerTransID": tid, "challengeCompleted": False}).encode())
    for status in ["Y", "N"]:
        rreq = dict(base, messageType="RReq", messageCategory="01", transStatus=status)
        rreq.update({"eci": "05", "authenticationValue": cavv} if status == "Y" else
                    {"transStatusReason": "01", "challengeCancel": "01"})
        answer("three_ds_messages", [1], 200, json.dumps(rreq).encode())
    areq = {"messageType": "AReq", "messageVersion": "2.2.0", "threeDSServerTransID": tid, "deviceChannel": "02",
            "messageCategory": "01", "acctNumber": "4000000000003220", "cardExpiryDate": "3012",
            "purchaseAmount": "4200", "purchaseCurrency": "978", "purchaseExponent": "2",
            "purchaseDate": "20240102030405", "merchantName": "Demo shop", "cardholderName": "Ada Lovelace",
            "threeDSCompInd": "U", "transType": "01", "notificationURL": "http://127.0.0.1:9/checkout/3ds/return"}
    answer("three_ds_messages", [2], 0, json.dumps(areq).encode())
    answer("three_ds_messages", [2], 0, json.dumps(dict(areq, acctNumber="4111111111111112")).encode())


api_bodies()
processor_answers()
webhooks()
forms()
requests()
three_ds()
for name in ["api_json_bodies", "inbound_webhooks"]:
    dictionary(name, 1)
for connector in ["stripe", "adyen", "checkoutcom", "square", "test_processor"]:
    dictionary(connector + "_response", 3)
dictionary("three_ds_messages", 3)
dictionary("http_request", 1, ["?", "&", "=", "%", "%2F", "+", ",", "cursor", "limit", "status",
                               "from_date", "to_date", "expand", "currency_code", "min_amount"])
dictionary("form_encoding", 1, ["&", "=", "%", "[", "]", "%5B", "%00", "+"])
