#!/usr/bin/env python3
"""Certificates for examples/verify_bench.rs (figures, not fixtures): one issuer and one leaf
it signed per signature algorithm the benchmark times.

usage: gen_signers.py OUT_DIR

Writes OUT_DIR/ALG-ca.der and OUT_DIR/ALG-leaf.der for ALG in rsa2048, rsa4096 (PKCS#1 v1.5
with SHA-256), p256 (ECDSA with SHA-256), p384 (ECDSA with SHA-384) and ed25519. Fresh keys
on every run. Needs python3's `cryptography` (as bench/gen_bundle.py does).
"""

import datetime
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

NOT_BEFORE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
NOT_AFTER = NOT_BEFORE + datetime.timedelta(days=730)

SIGNERS = {
    "rsa2048": (lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048), hashes.SHA256()),
    "rsa4096": (lambda: rsa.generate_private_key(public_exponent=65537, key_size=4096), hashes.SHA256()),
    "p256": (lambda: ec.generate_private_key(ec.SECP256R1()), hashes.SHA256()),
    "p384": (lambda: ec.generate_private_key(ec.SECP384R1()), hashes.SHA384()),
    "ed25519": (ed25519.Ed25519PrivateKey.generate, None),
}


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "certlens bench"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def certificate(subject, issuer, public_key, signer, digest, ca):
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("verify.bench.example")]), critical=False)
        .sign(signer, digest)
    )


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[3], file=sys.stderr)
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    for alg, (generate, digest) in SIGNERS.items():
        key = generate()
        ca_name = name(f"Bench {alg} CA")
        ca = certificate(ca_name, ca_name, key.public_key(), key, digest, True)
        leaf = certificate(name(f"leaf signed with {alg}"), ca_name, leaf_key.public_key(), key, digest, False)
        for role, cert in (("ca", ca), ("leaf", leaf)):
            with open(os.path.join(out, f"{alg}-{role}.der"), "wb") as fh:
                fh.write(cert.public_bytes(serialization.Encoding.DER))
    return 0


if __name__ == "__main__":
    sys.exit(main())
