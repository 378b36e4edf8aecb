//! Native command-line interface: `certlens [OPTIONS] FILE...`.

mod server_flags;
mod share;
mod text;

use std::io::Read as _;

use crate::{analyze, InputFile, Options};

pub use text::render_text;

const USAGE: &str = "\
usage: certlens [OPTIONS] FILE...

Inspect certificates, keys, CRLs and containers; print a report.
Use - as FILE to read standard input.

options:
  --json            print the report as JSON (stable field names, see README)
  --at RFC3339      evaluate at this time instead of now (e.g. 2026-11-23T00:00:00Z)
  --asn1            also print each certificate's ASN.1 structure with byte offsets (text output)
  --password-env VAR  open PKCS#12 files and encrypted keys with the password in
                    environment variable VAR (never printed)
  --link URL        analyse a certlens share link (the URL or its #cl1.… part) instead of files
  --share           print a share link for FILE... instead of the report (never holds keys
                    or passwords); --share-scope chain keeps only the verdict's chain,
                    --base-url URL puts the app's address in front of the #cl1.… fragment
  -h, --help        this text
  -V, --version     the version
";

/// Parsed command line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    /// Print JSON.
    pub json: bool,
    /// Evaluation time (Unix seconds), when given.
    pub at: Option<i64>,
    /// Files to read.
    pub files: Vec<String>,
    /// Print each certificate's ASN.1 tree after the text report.
    pub asn1: bool,
    /// Server settings (`--ssl`, `--reach`, …).
    pub server: crate::server::ServerSettings,
    /// Name of the environment variable holding the password (never the password itself).
    pub password_env: Option<String>,
    /// `--link URL`: analyse a share link.
    pub link: Option<String>,
    /// `--share`: print a share link instead of the report.
    pub share: bool,
    /// `--share-scope chain`: only the verdict's chain in the link.
    pub share_chain: bool,
    /// `--base-url URL`: the app's address, put in front of the fragment.
    pub base_url: Option<String>,
}

/// Parse arguments (without the program name).
pub fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut out = Args::default();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => out.json = true,
            "--asn1" => out.asn1 = true,
            "--at" => {
                let v = it.next().ok_or("--at needs a time, e.g. --at 2026-11-23T00:00:00Z")?;
                out.at = Some(parse_time(v)?);
            }
            s if s.starts_with("--at=") => out.at = Some(parse_time(s.trim_start_matches("--at="))?),
            "--password-env" => {
                out.password_env = Some(it.next().ok_or("--password-env needs a variable name, e.g. --password-env PFX_PASSWORD")?.clone());
            }
            "--link" => out.link = Some(it.next().ok_or("--link needs a URL, e.g. --link 'https://…/#cl1.…'")?.clone()),
            "--share" => out.share = true,
            "--share-scope" => match it.next().map(String::as_str) {
                Some("chain") => out.share_chain = true,
                Some("all") => out.share_chain = false,
                other => return Err(format!("--share-scope {:?}: expected all or chain", other.unwrap_or_default())),
            },
            "--base-url" => out.base_url = Some(it.next().ok_or("--base-url needs the app's URL")?.clone()),
            "-" => out.files.push(arg.clone()),
            s if server_flags::flag_name(s).is_some() => {
                let flag = server_flags::flag_name(s).unwrap_or_default();
                let value = match s.split_once('=') {
                    Some((_, v)) => v.to_string(),
                    None => it.next().ok_or_else(|| format!("{flag} needs a value (see --help)"))?.clone(),
                };
                let mut store = Vec::new();
                server_flags::apply(&mut out.server, &mut store, flag, &value)?;
                out.files.extend(store);
            }
            s if s.starts_with('-') => return Err(format!("unknown option {s:?}")),
            _ => out.files.push(arg.clone()),
        }
    }
    Ok(out)
}

/// Read at most one byte past [`crate::input::MAX_FILE_SIZE`]: enough for the
/// core to refuse a file that is too large without holding all of it (a
/// 200 MB file or `/dev/zero` costs about 20 MB).
fn read_limited(source: impl std::io::Read) -> std::io::Result<Vec<u8>> {
    let limit = u64::try_from(crate::input::MAX_FILE_SIZE).unwrap_or(u64::MAX).saturating_add(1);
    let mut buf = Vec::new();
    source.take(limit).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Parse an RFC 3339 time (or a plain date, meaning midnight UTC) to Unix seconds.
pub fn parse_time(s: &str) -> Result<i64, String> {
    use time::format_description::well_known::Rfc3339;
    let full = if s.len() == 10 { format!("{s}T00:00:00Z") } else { s.to_string() };
    time::OffsetDateTime::parse(&full, &Rfc3339)
        .map(|t| t.unix_timestamp())
        .map_err(|e| format!("--at {s:?} is not an RFC 3339 time (e.g. 2026-11-23T00:00:00Z): {e}"))
}

/// Run the CLI; returns the process exit code.
/// 0: report printed; 1: some input had errors; 2: usage error.
pub fn run(args: &[String], out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> i32 {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        let _ = write!(out, "{USAGE}\n{}", server_flags::USAGE);
        return 0;
    }
    if args.iter().any(|a| a == "-V" || a == "--version") {
        let _ = writeln!(out, "certlens {}", env!("CARGO_PKG_VERSION"));
        return 0;
    }
    let parsed = match parse_args(args) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "certlens: {e}\n\n{USAGE}");
            return 2;
        }
    };
    if let Some(link) = &parsed.link {
        return share::run_link(link, &parsed, out, err);
    }
    if parsed.files.is_empty() {
        let _ = writeln!(err, "certlens: no input files\n\n{USAGE}");
        return 2;
    }
    let mut files = Vec::new();
    for name in &parsed.files {
        let bytes = if name == "-" { read_limited(std::io::stdin().lock()) } else { std::fs::File::open(name).and_then(read_limited) };
        match bytes {
            Ok(b) => files.push(InputFile::new(if name == "-" { "stdin" } else { name }, b)),
            Err(e) => {
                let _ = writeln!(err, "certlens: {name}: cannot read: {e}");
                return 2;
            }
        }
    }
    if let Some(var) = &parsed.password_env {
        match std::env::var(var) {
            Ok(password) => files.iter_mut().for_each(|f| f.password = Some(password.clone())),
            Err(std::env::VarError::NotUnicode(_)) => {
                let _ = writeln!(err, "certlens: --password-env {var}: the variable is set but holds bytes that are not UTF-8 text; certlens reads passwords as UTF-8");
                return 2;
            }
            Err(std::env::VarError::NotPresent) => {
                let _ = writeln!(err, "certlens: --password-env {var}: the variable is not set");
                return 2;
            }
        }
    }
    let at = parsed.at.unwrap_or_else(|| time::OffsetDateTime::now_utc().unix_timestamp());
    let options = Options { server: parsed.server.clone(), ..Options::at(at) };
    let report = analyze(&files, &options);
    if let Some(n) = parsed.server.certificate.filter(|&n| n >= report.certificates.len()) {
        let have = match report.certificates.len() {
            0 => "the input holds no certificate".to_string(),
            1 => "the input holds 1 certificate, number 0".to_string(),
            k => format!("the input holds {k} certificates, numbered 0 to {}", k - 1),
        };
        let _ = writeln!(err, "certlens: --certificate {n}: there is no certificate number {n}: {have}");
        return 2;
    }
    if parsed.share {
        return share::run_share(&files, &report, &options, &parsed, out, err);
    }
    if parsed.json {
        match serde_json::to_string_pretty(&report) {
            Ok(s) => {
                let _ = writeln!(out, "{s}");
            }
            Err(e) => {
                let _ = writeln!(err, "certlens: cannot serialise report: {e}");
                return 2;
            }
        }
    } else {
        let _ = write!(out, "{}", render_text(&report));
        if parsed.asn1 {
            let _ = write!(out, "{}", text::render_asn1(&report));
        }
    }
    i32::from(report.files.iter().any(|f| !f.problems.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_flags() {
        let a = parse_args(&["--json".into(), "--at".into(), "2026-11-23T00:00:00Z".into(), "a.cer".into()]).unwrap();
        assert!(a.json);
        assert_eq!(a.at, Some(1_795_392_000));
        assert_eq!(a.files, vec!["a.cer"]);
        assert!(parse_args(&["--bogus".into()]).is_err());
        assert!(parse_args(&["--at".into(), "yesterday".into()]).unwrap_err().contains("yesterday"));
    }
}
