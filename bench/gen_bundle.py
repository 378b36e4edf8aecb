#!/usr/bin/env python3
"""A PEM bundle of N distinct leaf certificates for ./x bench (figures, not fixtures).

usage: gen_bundle.py N OUT.pem [--with-issuers]

Leaves under four CAs (two RSA-2048, two P-256), half of them with RSA-2048 keys and half
with P-256 keys (a few keys, reused: parsing cost does not depend on the key being unique),
each with a SAN (DNS names and an e-mail address), EKU (client or server authentication),
CRL distribution points and AIA (OCSP and CA issuers). Deterministic names and serials;
valid from 2026-01-01 for two years. --with-issuers appends the four CA certificates.
Needs python3's `cryptography` (as tests/fixtures/generate.py does).
"""

import datetime
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

NOT_BEFORE = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
NOT_AFTER = NOT_BEFORE + datetime.timedelta(days=730)


def name(cn, org="certlens bench"):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, org), x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_ca(label, key):
    subject = name(f"Bench {label} CA")
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(1000 + len(label))
        .not_valid_before(NOT_BEFORE - datetime.timedelta(days=365))
        .not_valid_after(NOT_AFTER + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    with_issuers = "--with-issuers" in sys.argv
    cas = [
        make_ca("RSA 1", rsa.generate_private_key(public_exponent=65537, key_size=2048)),
        make_ca("RSA 2", rsa.generate_private_key(public_exponent=65537, key_size=2048)),
        make_ca("EC 1", ec.generate_private_key(ec.SECP256R1())),
        make_ca("EC 2", ec.generate_private_key(ec.SECP256R1())),
    ]
    leaf_keys = [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2)] + [
        ec.generate_private_key(ec.SECP256R1()) for _ in range(2)
    ]
    with open(out, "wb") as fh:
        for i in range(n):
            ca_cert, ca_key = cas[i % len(cas)]
            key = leaf_keys[(i // len(cas)) % len(leaf_keys)]
            server = i % 2 == 0
            host = f"host{i}.bench.example"
            cn = host if server else f"user{i}@bench.example"
            eku = ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH
            label = ca_cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value.replace(" ", "-").lower()
            cert = (
                x509.CertificateBuilder()
                .subject_name(name(cn))
                .issuer_name(ca_cert.subject)
                .public_key(key.public_key())
                .serial_number(0x100000 + i)
                .not_valid_before(NOT_BEFORE)
                .not_valid_after(NOT_AFTER)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(
                    x509.SubjectAlternativeName([x509.DNSName(host), x509.DNSName(f"www.{host}"), x509.RFC822Name(f"user{i}@bench.example")]),
                    critical=False,
                )
                .add_extension(x509.ExtendedKeyUsage([eku]), critical=False)
                .add_extension(
                    x509.CRLDistributionPoints(
                        [x509.DistributionPoint([x509.UniformResourceIdentifier(f"http://crl.bench.example/{label}.crl")], None, None, None)]
                    ),
                    critical=False,
                )
                .add_extension(
                    x509.AuthorityInformationAccess(
                        [
                            x509.AccessDescription(AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier("http://ocsp.bench.example")),
                            x509.AccessDescription(
                                AuthorityInformationAccessOID.CA_ISSUERS, x509.UniformResourceIdentifier(f"http://ca.bench.example/{label}.cer")
                            ),
                        ]
                    ),
                    critical=False,
                )
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
                .sign(ca_key, hashes.SHA256())
            )
            fh.write(cert.public_bytes(serialization.Encoding.PEM))
        if with_issuers:
            for ca_cert, _ in cas:
                fh.write(ca_cert.public_bytes(serialization.Encoding.PEM))


if __name__ == "__main__":
    main()
