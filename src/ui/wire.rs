//! The page ↔ worker wire: [`postcard`], a compact positional format (no field names, no
//! self-describing structure), so that the page's wasm carries no JSON parser and no
//! buffering deserialiser. Every message of [`super::work`] and the page model of
//! [`super::page`] crosses in it, as bytes (a `Uint8Array`).
//!
//! Positional means: a serde attribute that makes a type's form depend on its content
//! (`flatten`, `tag`, `untagged`, `skip_serializing_if`) breaks it. The tests below
//! round-trip a fully populated page model and every message, so such an attribute on a
//! wire type fails a test.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// What the page says when a message cannot be read (one build makes both sides: not expected).
pub const UNREADABLE: &str = "the answer could not be read";

/// `value` in the wire format.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Sized first, then written into a buffer of that size: growing it by doubling held the
    // old and the new buffer at once (for the 19 MB answer of 10,000 certificates, 16 and 32
    // MB), which set the worker's memory high-water mark.
    let size = postcard::experimental::serialized_size(value).unwrap_or(0);
    postcard::serialize_with_flavor(value, Presized(Vec::with_capacity(size))).unwrap_or_default()
}

/// A postcard output into a buffer allocated beforehand.
struct Presized(Vec<u8>);

impl postcard::ser_flavors::Flavor for Presized {
    type Output = Vec<u8>;

    fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
        self.0.push(byte);
        Ok(())
    }

    fn try_extend(&mut self, bytes: &[u8]) -> postcard::Result<()> {
        self.0.extend_from_slice(bytes);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<Vec<u8>> {
        Ok(self.0)
    }
}

/// A value read from the wire format.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    postcard::from_bytes(bytes).map_err(|_| UNREADABLE.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
pub(crate) mod tests {
    use super::*;
    use crate::ui::page::*;
    use crate::ui::state::{VerdictMode, VerdictSubject};
    use crate::ui::status::{CertRow, CertStatus, StatusKind};
    use crate::ui::work::*;

    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
        let bytes = encode(value);
        let back: T = decode(&bytes).unwrap();
        assert_eq!(&back, value);
        // Postcard's own bytes, in a buffer of exactly their size (no doubling on the way).
        assert_eq!(bytes, postcard::to_allocvec(value).unwrap());
        assert_eq!(bytes.capacity(), bytes.len());
    }

    fn s(text: &str) -> String {
        text.to_string()
    }

    fn cmd() -> Cmd {
        Cmd { command: Some(s("certutil -f")), withheld: Some(s("a quote")) }
    }

    fn fix() -> Fix {
        Fix { text: s("do it"), commands: vec![s("certutil")], reference: s("KB 1") }
    }

    /// A page model with every field set: every `Option` is `Some`, every list has an element.
    fn full_report() -> PageReport {
        let name = NameView {
            windows: s("CN=a"),
            rfc4514: s("CN=a"),
            openssl: s("/CN=a"),
            attributes: vec![AttributeView { short_name: s("CN"), string_type: s("BMPString"), value: s("a"), problem: Some(s("odd")) }],
        };
        let cert = CertificateReport {
            file: s("a.pfx"),
            view: CertificateView {
                subject: s("CN=a"),
                issuer: s("CN=b"),
                label: s("CN=a"),
                download_stem: s("a"),
                serial: s("01"),
                not_before: s("2026-01-01T00:00:00Z"),
                not_after: s("2027-01-01T00:00:00Z"),
                validity: ValidityView { state: ValidityState::NotYetValid, text: s("soon"), not_before_unix: -1, not_after_unix: i64::MAX, lifetime_text: s("1 year") },
                sha1: s("aa"),
                sha256: s("bb"),
                public_key: s("RSA 2048"),
                signature_algorithm: AlgorithmView { name: s("RSA-PSS"), weak: true, pss: Some(s("hash SHA-256")) },
                version: 3,
                is_ca: true,
                path_len: Some(0),
                self_issued: true,
                key_usage: Some(vec![s("digitalSignature")]),
                eku_text: s("Client authentication"),
                extended_key_usage: Some(vec![(s("Client authentication"), s("1.3.6.1.5.5.7.3.2"))]),
                subject_alt_names: vec![GeneralNameView { kind: s("upn"), value: s("a@b") }],
                crl_urls: vec![s("http://c/crl")],
                aia_ca_issuer_urls: vec![s("http://c/ca")],
                ocsp_urls: vec![s("http://c/ocsp")],
                subject_key_id: Some(s("01")),
                authority_key_id: Some(s("02")),
                extensions: vec![ExtensionView { oid: s("2.5.29.19"), name: s("Basic constraints"), critical: true, values: vec![s("CA")], error: Some(s("bad")) }],
                subject_name: name.clone(),
                issuer_name: name,
                spki_sha256_base64: s("cGlu"),
                sid: Some(s("S-1-5")),
                sid_source: Some(crate::model::SidSource::Extension),
                urls: vec![UrlView { url: s("ldap://x"), source: s("crl"), internal_only: true, note: s("LDAP") }],
                notable: vec![NotableLine { topic: s("expiry"), severity: Severity::Info, text: s("expires") }],
            },
            der_base64: s("MII="),
            private_key: Some(PrivateKeyStatus { state: PrivateKeyState::Encrypted, message: s("locked") }),
            friendly_name: Some(s("alice")),
            local_key_id: Some(s("01")),
            revocation: Some(s("not revoked")),
            mapping: Some(MappingReport {
                subject: s("CN=a"),
                sid: Some(s("S-1-5")),
                sid_source: Some(crate::model::SidSource::SanUrl),
                upn: Some(s("a@b")),
                enforcement: ModeOutcome { works: true, why: s("strong") },
                compatibility: ModeOutcome { works: false, why: s("weak") },
                alt_security_identities: vec![AltSecurityIdentity { kind: s("x509sha1pukey"), value: s("X509:"), strong: true, meaning: s("key"), powershell: cmd() }],
                iis_one_to_one: cmd(),
                iis_many_to_one: ManyToOne { web_config: s("<x/>"), commands: vec![cmd()] },
                reference: s("KB5014754"),
            }),
        };
        let missing = MissingIssuer {
            expected_name: s("CN=ca"),
            key_id: Some(s("03")),
            aia_urls: vec![s("http://c/ca")],
            fetch_commands: vec![s("curl")],
            withheld_commands: vec![s("not shown")],
        };
        PageReport {
            version: s("0.1.0"),
            evaluated_at: s("2026-11-23T00:00:00Z"),
            files: vec![FileReport {
                name: s("a.pfx"),
                size: 1,
                detected: s("PKCS#12"),
                certificates: vec![0],
                problems: vec![s("odd")],
                notes: vec![s("note")],
                keys: vec![0],
                bindings: vec![crate::input::netsh::Binding {
                    binding: s("0.0.0.0:443"),
                    certificate_hash: Some(s("ab")),
                    verify_revocation: Some(false),
                    cached_only: Some(true),
                    freshness_seconds: Some(60),
                    usage_check: Some(true),
                    ds_mapper: Some(false),
                    negotiate_client_certificate: Some(true),
                    tls13_disabled: Some(false),
                    ctl: Some(true),
                }],
                iis: Some(crate::input::iisconfig::IisSettings {
                    ssl: Some(crate::input::iisconfig::SslMode::Accept),
                    mapping: Some(crate::input::iisconfig::Mapping::ManyToOne),
                    mapping_scope: Some(crate::input::iisconfig::MappingScope::VirtualDirectory),
                }),
                container: Some(ContainerReport {
                    format: s("PKCS#12"),
                    summary: s("1 certificate"),
                    password: PasswordState::Wrong,
                    mac: Some(MacReport { algorithm: s("SHA-256"), iterations: 2048, verified: Some(false) }),
                    parts: vec![ContainerPart {
                        kind: s("encryptedData"),
                        encryption: Some(s("AES")),
                        opened: true,
                        bags: vec![BagReport { kind: s("certificate"), encryption: Some(s("3DES")), friendly_name: Some(s("a")), local_key_id: Some(s("01")) }],
                    }],
                    legacy: true,
                    private_key: s("one"),
                }),
            }],
            certificates: vec![cert.clone(), cert.thin()],
            diagnostics: vec![Diagnostic { code: s("x"), severity: Severity::Warning, message: s("m"), file: Some(s("a.pfx")), certificate: Some(0) }],
            keys: vec![KeyReport { private: true, format: s("PKCS#8"), summary: Some(s("RSA")), encrypted: true, decrypted: false, status: s("ok") }],
            requests: vec![RequestReport {
                file: s("a.csr"),
                subject: s("CN=a"),
                public_key: s("RSA"),
                signature_algorithm: s("SHA-256"),
                subject_alt_names: vec![s("a")],
                extended_key_usage: vec![s("Client authentication")],
                has_challenge_password: true,
                has_key: true,
                certificates: vec![0],
            }],
            hierarchy: Hierarchy {
                chains: vec![Chain {
                    end_certificate: 0,
                    best: ChainPath {
                        elements: vec![PathElement { certificate: 0, label: s("a"), signature: Some((s("RSA"), s("bad"))), revocation_text: s("good") }],
                    },
                    alternatives: vec![(NodeStatus::Missing, s("other"))],
                }],
                tree: vec![TreeNode {
                    certificate: Some(1),
                    label: s("root"),
                    status: NodeStatus::Warning,
                    anchor_trust: Some(AnchorTrust::TrustStore),
                    missing: Some(missing.clone()),
                    children: vec![TreeNode { certificate: None, label: s("leaf"), status: NodeStatus::Invalid, anchor_trust: None, missing: None, children: Vec::new() }],
                }],
                crls: vec![CrlReport {
                    source: s("a.crl"),
                    issuer: s("CN=b"),
                    this_update: s("2026"),
                    next_update: Some(s("2027")),
                    revoked_count: 2,
                    delta: true,
                    scope: vec![s("users")],
                    state: CrlState::UnknownCriticalExtension,
                }],
                gave_up: true,
            },
            mapping_certificate: Some(0),
            trust_store: Some(TrustStoreAudit {
                certificate_count: 3,
                ca_count: 2,
                issuer_list_bytes: 20_000,
                cut: vec![StoreEntry { subject: s("CN=r"), list_bytes_through: 17_000, cut_at_16k: true }],
                client_ca: Some(ClientCa { ca_subject: s("CN=r"), in_store: true, cut_at_12k: true, cut_at_16k: false }),
                findings: vec![AuditFinding { code: s("x"), severity: Severity::Error, message: s("m"), reference: s("KB") }],
                summary: s("s"),
            }),
        }
    }

    fn full_server() -> ServerReport {
        ServerReport {
            mode: s("client-certificate"),
            outcome: s("depends"),
            http_status: Some(s("403.16")),
            outcome_if: vec![Branch { condition: s("if"), outcome: s("200"), assumes: vec![Assumption { setting: s("reach.ldap"), value: s("yes") }] }],
            summary: s("s"),
            win32: Some(s("0x1")),
            event: Some(36_885),
            trace: vec![Step {
                key: s("k"),
                title: s("t"),
                status: StepStatus::Skipped,
                certificate: Some(s("CN=a")),
                certificate_index: Some(0),
                evidence: s("e"),
                urls: vec![UrlCheck { url: s("http://c"), class: s("intranet http"), reachable: s("no") }],
                fix: Some(fix()),
                reached: true,
            }],
            traps: vec![Trap { message: s("m"), fix: Some(fix()) }],
            timeline: vec![TimelineEntry { at: s("2027"), at_unix: 1, outcome: s("403.17"), because: s("b") }],
            observed: Some(s("o")),
        }
    }

    /// An answer with every field set (the page model of [`full_report`]).
    pub(crate) fn full_done() -> Done {
        let rows = vec![CertRow {
            index: 0,
            id: s("bb"),
            sha1: s("aa"),
            name: s("a"),
            is_ca: false,
            self_issued: false,
            server_auth: true,
            host: Some(s("a.example")),
            status: CertStatus { kind: StatusKind::IssuerMissing, reason: s("why"), restates: Some(s("chain-issuer-missing")) },
            expires: s("2027-01-01"),
            issued_by: Some(s("Fabrikam Root CA")),
            search: s("cn=a\0cn=b"),
        }];
        let subject = VerdictSubject { certificate: Some(0), host: Some(s("a")), auto_server: true, ca_only: true };
        let near = NearAnswers { verdicts: vec![(vec![1, 2], 0)], answers: vec![encode(&(Some(std::rc::Rc::new(full_server())), subject.clone()))] };
        Done { seq: 3, report: Some(full_report()), rows, server: Some(std::rc::Rc::new(full_server())), subject, stale: true, thin: true, pending: true, analysis: 2, listing: true, near: Some(near) }
    }

    #[test]
    fn a_fully_populated_page_model_and_an_empty_one_cross_the_wire() {
        round_trip(&full_report());
        round_trip(&PageReport::default());
        round_trip(&full_server());
        round_trip(&full_done());
        round_trip(&Done::default());
        let tree = Asn1Tree {
            nodes: vec![Asn1Node { offset: 0, header_length: 4, length: 9, tag_name: s("SEQUENCE"), preview: Some(s("x")), encapsulates: true, children: Vec::new() }],
            node_count: 1,
            truncated: true,
            error: Some(s("e")),
        };
        round_trip(&tree);
        round_trip(&Asn1Tree::default());
    }

    #[test]
    fn every_message_crosses_the_wire() {
        use crate::server::settings::{Browser, Trust};
        let shared = SharedBlob { json: s("{}"), not_in_link: vec![s("the key")] };
        let mut server = crate::server::ServerSettings { host: Some(s("a")), certificate: Some(2), trust: Trust::Store, browser: Browser::Firefox, ..Default::default() };
        server.trust_store_files.push(s("roots.sst"));
        server.freshness_seconds = Some(60);
        server.alt_security_identity = Some(s("X509:<I>"));
        let options = JobOptions { at: -5, server: server.clone(), untrusted_roots: vec![s("cc")], shared: Some(shared.clone()) };
        let verdict = Verdict { verdict_for: Some(s("bb")), mode: VerdictMode::Server, server: server.clone(), at: 9 };
        round_trip(&Job { seq: u32::MAX, analyse: true, options: options.clone(), verdict });
        round_trip(&Job::default());
        round_trip(&vec![FileHead { name: s("a.pfx"), password: Some(s("pw")) }, FileHead::default()]);
        let view = LinkView { at: 1, fixed_time: true, server: server.clone(), mode: VerdictMode::Client, selected: Some(s("bb")), untrusted_roots: vec![s("cc")], shared: Some(shared.clone()) };
        for task in [
            Task::Link { view, smaller: true },
            Task::Link { view: LinkView::default(), smaller: false },
            Task::Markdown { link: Some(s("https://x/#cl1.a")) },
            Task::Markdown { link: None },
            Task::ChainPem { every: false },
            Task::ChainP7b { every: true },
            Task::Json { options },
            Task::Asn1 { sha256: s("bb") },
            Task::Certificate { sha256: s("bb") },
            Task::OpenLink { fragment: s("cl1.x") },
        ] {
            round_trip(&task);
        }
        round_trip(&MadeLink { fragment: s("cl1.x"), left_out: vec![s("CRLs")], chain_only: true });
        let opened = OpenedLink {
            files: vec![OpenedFile { name: s("a.pem"), text: s("-----BEGIN") }],
            at: 1,
            fixed_time: true,
            server,
            mode: VerdictMode::Server,
            selected: Some(s("bb")),
            untrusted_roots: vec![s("cc")],
            facts: shared,
        };
        round_trip(&opened);
        round_trip(&OpenedLink::default());
    }

    #[test]
    fn a_real_analysis_crosses_the_wire() {
        let files: Vec<crate::InputFile> = ["pkcs12/ee_client_noenc.pfx", "chain/ee_client.cer", "chain/int_ca.cer", "chain/root_ca.cer", "chain/ee_intranet_cdp.der"]
            .iter()
            .map(|p| crate::InputFile::new(p.rsplit('/').next().unwrap_or(p), std::fs::read(format!("{}/tests/fixtures/{p}", env!("CARGO_MANIFEST_DIR"))).unwrap()))
            .collect();
        let mut w = Worker::default();
        let job = Job { seq: 1, analyse: true, options: JobOptions::at(1_795_392_000), verdict: Verdict { at: 1_795_392_000, ..Verdict::default() } };
        let bytes = w.run(&encode(&job), Some(files));
        let done: Done = decode(&bytes).unwrap();
        round_trip(&done);
        assert!(done.report.is_some_and(|r| r.certificates.len() == 4));
    }
}
