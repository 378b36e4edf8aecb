//! PEM (RFC 7468, lax) and bare base64.

use base64::Engine;

/// One `-----BEGIN LABEL-----` … `-----END LABEL-----` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PemBlock {
    /// The label, e.g. `CERTIFICATE`.
    pub label: String,
    /// 1-based line of the BEGIN line.
    pub line: usize,
    /// The decoded bytes, or why base64 decoding failed.
    pub decoded: Result<Vec<u8>, String>,
}

/// All PEM blocks in `text`, in order. Text around and between blocks is ignored.
pub fn pem_blocks(text: &str) -> Vec<PemBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(label) = line.strip_prefix("-----BEGIN ").and_then(|l| l.strip_suffix("-----")) {
            current = Some((label.trim().to_string(), i + 1, String::new()));
        } else if line.starts_with("-----END ") {
            if let Some((label, start, body)) = current.take() {
                blocks.push(PemBlock { label, line: start, decoded: decode_base64(&body) });
            }
        } else if let Some((_, _, body)) = current.as_mut() {
            // Encapsulated headers (Proc-Type, DEK-Info) are not base64.
            if !line.contains(':') {
                body.push_str(line);
            }
        }
    }
    blocks
}

/// Decode base64 ignoring white space.
pub fn decode_base64(body: &str) -> Result<Vec<u8>, String> {
    let clean: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(clean.as_bytes())
        .map_err(|e| format!("bad base64: {e}"))
}

/// Text that is only base64 (Windows "Base-64 encoded X.509" without armour).
pub fn bare_base64(text: &str) -> Option<Vec<u8>> {
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.len() < 16 || !trimmed.chars().all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c) || c.is_whitespace()) {
        return None;
    }
    decode_base64(trimmed).ok().filter(|d| d.first() == Some(&0x30))
}
