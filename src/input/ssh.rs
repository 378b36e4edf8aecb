//! Keys of the SSH world dropped by mistake (an OpenSSH private key, a `.pub` line, a PuTTY
//! file): which kind of key it is, read from its clear-text part, so that the message gives
//! advice that works for it. `ssh-keygen -p -m PEM` rewrites an RSA or ECDSA key as PEM, but
//! leaves an Ed25519 key as it was (OpenSSH has no PEM form for it) without saying so, and
//! `ssh-keygen -e -m PKCS8` refuses Ed25519 public keys.

/// The kind of SSH key a key type name (`ssh-ed25519`, `ecdsa-sha2-nistp256`, …) names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `ssh-rsa`.
    Rsa,
    /// `ecdsa-sha2-nistp256` / `384` / `521`.
    Ecdsa,
    /// `ssh-ed25519`.
    Ed25519,
    /// `sk-…@openssh.com`: a key held by a FIDO security key, never in a file.
    SecurityKey,
    /// `ssh-dss` and anything else.
    Other,
}

impl Kind {
    /// From an SSH key type name.
    pub fn of(name: &str) -> Kind {
        if name.starts_with("sk-") {
            Kind::SecurityKey
        } else if name == "ssh-rsa" {
            Kind::Rsa
        } else if name.starts_with("ecdsa-sha2-") {
            Kind::Ecdsa
        } else if name == "ssh-ed25519" {
            Kind::Ed25519
        } else {
            Kind::Other
        }
    }

    /// The key's kind in words (`an OpenSSH Ed25519 private key`).
    pub fn words(self, what: &str) -> String {
        let kind = match self {
            Kind::Rsa => "RSA ",
            Kind::Ecdsa => "ECDSA ",
            Kind::Ed25519 => "Ed25519 ",
            Kind::SecurityKey => "security-key (FIDO) ",
            Kind::Other => "",
        };
        format!("an OpenSSH {kind}{what}")
    }

    /// How to get a form certlens reads: `private` for a private key file, else a public key.
    pub fn how(self, private: bool) -> &'static str {
        match (self, private) {
            (Kind::Rsa | Kind::Ecdsa, true) => "`ssh-keygen -p -m PEM -f FILE` rewrites it as PEM (it asks for the passphrase), which certlens reads",
            (Kind::Rsa | Kind::Ecdsa, false) => "`ssh-keygen -e -m PKCS8 -f FILE` writes it as a PEM public key",
            (Kind::Ed25519, _) => "ssh-keygen has no PEM form for an Ed25519 key; an SSH key is not a certificate's key: the certificate's own key is in its .pfx, or in the key file made with its request",
            (Kind::SecurityKey, _) => "its private half stays on the security key and has no PEM form; an SSH key is not a certificate's key",
            (Kind::Other, true) => "`ssh-keygen -p -m PEM -f FILE` rewrites an RSA or ECDSA key as PEM, which certlens reads",
            (Kind::Other, false) => "`ssh-keygen -e -m PKCS8 -f FILE` writes an RSA or ECDSA key as a PEM public key",
        }
    }
}

/// The key type of an OpenSSH private key (`openssh-key-v1`), the decoded body of its
/// `OPENSSH PRIVATE KEY` block: its public key comes first, in clear even when the private
/// part is encrypted. `None` when the body is not that format.
pub fn private_key_kind(body: &[u8]) -> Option<Kind> {
    let mut rest = body.strip_prefix(b"openssh-key-v1\0")?;
    // cipher name, KDF name, KDF options, then the number of keys.
    for _ in 0..3 {
        (_, rest) = string(rest)?;
    }
    let (_, after) = rest.split_first_chunk::<4>()?;
    let (public, _) = string(after)?;
    let (name, _) = string(public)?;
    Some(Kind::of(std::str::from_utf8(name).ok()?))
}

/// The key type named by a PuTTY key file's first line (`PuTTY-User-Key-File-3: ssh-ed25519`).
pub fn putty_kind(text: &str) -> Kind {
    let first = text.lines().next().unwrap_or_default();
    first.split_once(':').map_or(Kind::Other, |(_, name)| Kind::of(name.trim()))
}

/// One SSH `string`: a 32-bit big-endian length, then that many bytes.
fn string(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_be_bytes(*len)).ok()?;
    (rest.len() >= len).then(|| rest.split_at(len))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn ssh_string(b: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(b.len()).unwrap().to_be_bytes().to_vec();
        out.extend_from_slice(b);
        out
    }

    /// An `openssh-key-v1` body up to its public key, as `ssh-keygen` writes it.
    fn body(cipher: &str, key_type: &str) -> Vec<u8> {
        let mut b = b"openssh-key-v1\0".to_vec();
        b.extend(ssh_string(cipher.as_bytes()));
        b.extend(ssh_string(if cipher == "none" { b"none" } else { b"bcrypt" }));
        b.extend(ssh_string(if cipher == "none" { b"" } else { b"0123456789abcdef0123" }));
        b.extend(1u32.to_be_bytes());
        let mut public = ssh_string(key_type.as_bytes());
        public.extend(ssh_string(&[7; 32]));
        b.extend(ssh_string(&public));
        b.extend(ssh_string(&[0; 64]));
        b
    }

    #[test]
    fn the_key_type_is_read_in_clear_even_when_encrypted() {
        assert_eq!(private_key_kind(&body("none", "ssh-ed25519")), Some(Kind::Ed25519));
        assert_eq!(private_key_kind(&body("aes256-ctr", "ssh-rsa")), Some(Kind::Rsa));
        assert_eq!(private_key_kind(&body("aes256-ctr", "ecdsa-sha2-nistp384")), Some(Kind::Ecdsa));
        assert_eq!(private_key_kind(&body("none", "sk-ssh-ed25519@openssh.com")), Some(Kind::SecurityKey));
        assert_eq!(private_key_kind(b"openssh-key-v1\0\xff\xff\xff\xff"), None);
        assert_eq!(private_key_kind(b"not an ssh key"), None);
        // Cut anywhere: never a panic, never a kind read past the end.
        let whole = body("none", "ssh-rsa");
        for n in 0..whole.len() {
            let _ = private_key_kind(&whole[..n]);
        }
        assert_eq!(putty_kind("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n"), Kind::Ed25519);
        assert_eq!(putty_kind("PuTTY-User-Key-File-2: ssh-rsa\n"), Kind::Rsa);
    }

    #[test]
    fn ed25519_keys_are_not_sent_to_a_conversion_that_leaves_them_as_they_are() {
        assert!(!Kind::Ed25519.how(true).contains("ssh-keygen -p"));
        assert!(!Kind::Ed25519.how(false).contains("ssh-keygen -e"));
        assert!(Kind::Rsa.how(true).contains("ssh-keygen -p -m PEM"));
        assert_eq!(Kind::Ed25519.words("private key"), "an OpenSSH Ed25519 private key");
    }
}
