//! Names for object identifiers users meet in certificates.

/// A readable name for an extended key usage OID.
pub fn eku_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.3.6.1.5.5.7.3.1" => "Server Authentication",
        "1.3.6.1.5.5.7.3.2" => "Client Authentication",
        "1.3.6.1.5.5.7.3.3" => "Code Signing",
        "1.3.6.1.5.5.7.3.4" => "Secure Email",
        "1.3.6.1.5.5.7.3.5" => "IP Security End System",
        "1.3.6.1.5.5.7.3.6" => "IP Security Tunnel Termination",
        "1.3.6.1.5.5.7.3.7" => "IP Security User",
        "1.3.6.1.5.5.7.3.8" => "Time Stamping",
        "1.3.6.1.5.5.7.3.9" => "OCSP Signing",
        "1.3.6.1.5.5.7.3.17" => "IKE Intermediate",
        "2.5.29.37.0" => "Any Purpose",
        "1.3.6.1.4.1.311.20.2.2" => "Smart Card Logon",
        "1.3.6.1.5.2.3.5" => "KDC Authentication",
        "1.3.6.1.5.2.3.4" => "PKINIT Client Authentication",
        "1.3.6.1.4.1.311.10.3.12" => "Document Signing",
        "1.3.6.1.4.1.311.10.3.4" => "Encrypting File System",
        "1.3.6.1.4.1.311.10.3.4.1" => "File Recovery",
        "1.3.6.1.4.1.311.10.3.1" => "Microsoft Trust List Signing",
        "1.3.6.1.4.1.311.10.3.3" => "Microsoft Server Gated Crypto",
        "1.3.6.1.4.1.311.10.3.13" => "Lifetime Signing",
        "1.3.6.1.4.1.311.20.2.1" => "Certificate Request Agent",
        "1.3.6.1.4.1.311.21.5" => "Private Key Archival",
        "1.3.6.1.4.1.311.21.6" => "Key Recovery Agent",
        "1.3.6.1.4.1.311.21.19" => "Directory Service Email Replication",
        "1.3.6.1.4.1.311.10.3.2" => "Microsoft Time Stamping",
        "2.16.840.1.113730.4.1" => "Netscape Server Gated Crypto",
        _ => return None,
    })
}

/// A readable name for a signature algorithm OID.
pub fn signature_algorithm_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.113549.1.1.2" => "md2WithRSAEncryption",
        "1.2.840.113549.1.1.3" => "md4WithRSAEncryption",
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.3.14.3.2.29" => "sha1WithRSASignature (old OID)",
        "1.2.840.113549.1.1.1" => "rsaEncryption (no hash given)",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.113549.1.1.14" => "sha224WithRSAEncryption",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.1" => "ecdsa-with-SHA224",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.2.840.10040.4.3" => "dsa-with-SHA1",
        "2.16.840.1.101.3.4.3.1" => "dsa-with-SHA224",
        "2.16.840.1.101.3.4.3.2" => "dsa-with-SHA256",
        "1.2.643.2.2.3" => "GOST R 34.11-94 with GOST R 34.10-2001",
        "1.2.156.10197.1.501" => "SM2 with SM3",
        _ => return None,
    })
}

/// A readable name for an elliptic curve OID.
pub fn curve_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.10045.3.1.7" => "P-256",
        "1.3.132.0.34" => "P-384",
        "1.3.132.0.35" => "P-521",
        "1.3.132.0.10" => "secp256k1",
        "1.2.840.10045.3.1.1" => "P-192",
        "1.3.132.0.33" => "P-224",
        _ => return None,
    })
}

/// A readable name for an extension OID.
pub fn extension_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.29.14" => "Subject Key Identifier",
        "2.5.29.15" => "Key Usage",
        "2.5.29.16" => "Private Key Usage Period",
        "2.5.29.17" => "Subject Alternative Name",
        "2.5.29.18" => "Issuer Alternative Name",
        "2.5.29.19" => "Basic Constraints",
        "2.5.29.30" => "Name Constraints",
        "2.5.29.31" => "CRL Distribution Points",
        "2.5.29.32" => "Certificate Policies",
        "2.5.29.33" => "Policy Mappings",
        "2.5.29.35" => "Authority Key Identifier",
        "2.5.29.36" => "Policy Constraints",
        "2.5.29.37" => "Extended Key Usage",
        "2.5.29.46" => "Freshest CRL",
        "2.5.29.54" => "Inhibit anyPolicy",
        "1.3.6.1.5.5.7.1.1" => "Authority Information Access",
        "1.3.6.1.5.5.7.1.11" => "Subject Information Access",
        "1.3.6.1.5.5.7.1.24" => "TLS Feature",
        "1.3.6.1.5.5.7.48.1.5" => "OCSP No Check",
        "1.3.6.1.4.1.11129.2.4.2" => "Signed Certificate Timestamps",
        "1.3.6.1.4.1.311.21.7" => "Certificate Template Information",
        "1.3.6.1.4.1.311.20.2" => "Certificate Template Name",
        "1.3.6.1.4.1.311.21.1" => "CA Version",
        "1.3.6.1.4.1.311.21.2" => "Previous CA Certificate Hash",
        "1.3.6.1.4.1.311.21.10" => "Application Policies",
        "1.3.6.1.4.1.311.25.2" => "Security Identifier (NTDS CA Security)",
        "2.16.840.1.113730.1.1" => "Netscape Certificate Type",
        "2.16.840.1.113730.1.13" => "Netscape Comment",
        "2.5.29.9" => "Subject Directory Attributes",
        "1.3.6.1.5.5.7.1.3" => "Qualified Certificate Statements",
        "1.3.6.1.4.1.311.21.4" => "Next CRL Publish",
        "1.3.6.1.4.1.311.10.3.1" => "Microsoft Trust List Signing",
        "1.3.6.1.4.1.311.20.2.3" => "User Principal Name",
        "1.2.840.113549.1.9.15" => "S/MIME Capabilities",
        "1.3.6.1.4.1.11129.2.4.3" => "Certificate Transparency Precertificate Poison",
        "1.3.36.8.3.3" => "Admissions",
        _ => return None,
    })
}

/// Short name for a distinguished-name attribute type.
pub fn attribute_short_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.4" => "SN",
        "2.5.4.5" => "SERIALNUMBER",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "S",
        "2.5.4.9" => "STREET",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "T",
        "2.5.4.42" => "G",
        "2.5.4.43" => "I",
        "2.5.4.46" => "dnQualifier",
        "2.5.4.97" => "organizationIdentifier",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        "1.2.840.113549.1.9.1" => "E",
        "2.5.4.65" => "pseudonym",
        "2.5.4.44" => "generationQualifier",
        "2.5.4.17" => "PostalCode",
        "2.5.4.15" => "businessCategory",
        "1.3.6.1.4.1.311.60.2.1.3" => "jurisdictionC",
        "1.3.6.1.4.1.311.60.2.1.2" => "jurisdictionST",
        "1.3.6.1.4.1.311.60.2.1.1" => "jurisdictionL",
        _ => return None,
    })
}

/// A readable name for an otherName type in a general name.
pub fn other_name_type(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.3.6.1.4.1.311.20.2.3" => "User Principal Name",
        "1.3.6.1.4.1.311.25.1" => "Microsoft GUID",
        "1.3.6.1.5.5.7.8.9" => "SmtpUTF8Mailbox",
        "1.3.6.1.5.5.7.8.4" => "Permanent Identifier",
        "1.3.6.1.5.5.7.8.3" => "XMPP address",
        "1.3.6.1.5.2.2" => "Kerberos principal name",
        _ => return None,
    })
}

/// A readable name for a hash algorithm OID.
pub fn hash_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.113549.2.2" => "MD2",
        "1.2.840.113549.2.4" => "MD4",
        "1.2.840.113549.2.5" => "MD5",
        "1.3.14.3.2.26" => "SHA-1",
        "2.16.840.1.101.3.4.2.4" => "SHA-224",
        "2.16.840.1.101.3.4.2.1" => "SHA-256",
        "2.16.840.1.101.3.4.2.2" => "SHA-384",
        "2.16.840.1.101.3.4.2.3" => "SHA-512",
        "2.16.840.1.101.3.4.2.8" => "SHA3-256",
        "2.16.840.1.101.3.4.2.9" => "SHA3-384",
        "2.16.840.1.101.3.4.2.10" => "SHA3-512",
        _ => return None,
    })
}

/// The hash a signature algorithm uses, by name (`SHA-1`), when it is implied by the OID.
pub fn signature_hash(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.2.840.113549.1.1.2" => "MD2",
        "1.2.840.113549.1.1.3" => "MD4",
        "1.2.840.113549.1.1.4" => "MD5",
        "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" | "1.2.840.10045.4.1" | "1.2.840.10040.4.3" => "SHA-1",
        "1.2.840.113549.1.1.14" | "1.2.840.10045.4.3.1" | "2.16.840.1.101.3.4.3.1" => "SHA-224",
        "1.2.840.113549.1.1.11" | "1.2.840.10045.4.3.2" | "2.16.840.1.101.3.4.3.2" => "SHA-256",
        "1.2.840.113549.1.1.12" | "1.2.840.10045.4.3.3" => "SHA-384",
        "1.2.840.113549.1.1.13" | "1.2.840.10045.4.3.4" => "SHA-512",
        _ => return None,
    })
}

/// A readable name for an access method (AIA / SIA).
pub fn access_method_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.3.6.1.5.5.7.48.1" => "OCSP",
        "1.3.6.1.5.5.7.48.2" => "CA issuers",
        "1.3.6.1.5.5.7.48.3" => "time stamping",
        "1.3.6.1.5.5.7.48.5" => "CA repository",
        "1.3.6.1.5.5.7.48.10" => "RPKI manifest",
        "1.3.6.1.5.5.7.48.11" => "signed object",
        _ => return None,
    })
}

/// A readable name for a certificate policy OID.
pub fn policy_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.29.32.0" => "Any Policy",
        "2.23.140.1.1" => "Extended Validation (CA/B Forum)",
        "2.23.140.1.2.1" => "Domain Validated (CA/B Forum)",
        "2.23.140.1.2.2" => "Organization Validated (CA/B Forum)",
        "2.23.140.1.2.3" => "Individual Validated (CA/B Forum)",
        "2.23.140.1.3" => "EV Code Signing (CA/B Forum)",
        "2.23.140.1.4.1" => "Code Signing (CA/B Forum)",
        "1.3.6.1.4.1.311.21.8" => "Microsoft enterprise policy",
        _ => return None,
    })
}
