//! Native command-line interface: `certlens [OPTIONS] FILE...`.

mod json;
mod pretty;
mod server_flags;
mod share;
mod text;

use std::io::Read as _;

use clap::error::ErrorKind;
use clap::{CommandFactory as _, FromArgMatches as _, Parser};

use crate::{InputFile, Options};

pub use text::render_text;

/// The command line as clap reads it; [`parse_args`] resolves it into [`Args`].
#[derive(Parser, Debug)]
#[command(
    name = "certlens",
    version,
    about = "Inspect certificates, keys, CRLs and containers; print a report.",
    help_template = "usage: {usage}\n\n{about}\n\n{all-args}",
    args_override_self = true
)]
struct Cli {
    /// Certificates, keys, CRLs, .p7b/.pfx containers (PEM or DER); - reads standard input
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    /// Print the report as JSON (stable field names, see README)
    #[arg(long, help_heading = "Report")]
    json: bool,
    /// Evaluate at this time instead of now (e.g. 2026-11-23T00:00:00Z; a date means midnight UTC)
    #[arg(long, value_name = "RFC3339", value_parser = parse_time, help_heading = "Report")]
    at: Option<i64>,
    /// Also print each certificate's ASN.1 structure with byte offsets (text output)
    #[arg(long, help_heading = "Report")]
    asn1: bool,
    /// Open PKCS#12 files and encrypted keys with the password in environment variable VAR (never printed)
    #[arg(long, value_name = "VAR", help_heading = "Report")]
    password_env: Option<String>,
    /// Analyse a certlens share link (the URL or its #cl1.… part) instead of files
    #[arg(long, value_name = "URL", help_heading = "Share links")]
    link: Option<String>,
    /// Print a share link for FILE... instead of the report (never holds keys or passwords)
    #[arg(long, help_heading = "Share links")]
    share: bool,
    /// With --share: everything, or only the verdict's chain
    #[arg(long, value_name = "all|chain", value_parser = parse_scope, help_heading = "Share links")]
    share_scope: Option<bool>,
    /// With --share: the app's address, put in front of the #cl1.… fragment
    #[arg(long, value_name = "URL", help_heading = "Share links")]
    base_url: Option<String>,
    #[command(flatten)]
    server: server_flags::ServerFlags,
}

/// `--share-scope`: whether only the verdict's chain goes into the link.
fn parse_scope(v: &str) -> Result<bool, String> {
    match v {
        "chain" => Ok(true),
        "all" => Ok(false),
        _ => Err(format!("{v:?} is not one of: all, chain")),
    }
}

/// Parsed command line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    /// Print JSON.
    pub json: bool,
    /// Evaluation time (Unix seconds), when given.
    pub at: Option<i64>,
    /// Files to read, in command-line order (`--trust-store` files among them).
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

/// Parse arguments (without the program name). `--help` and `--version` come back as errors
/// of their kind (`clap::error::ErrorKind::DisplayHelp`), to be printed on standard output.
pub fn parse_args(args: &[String]) -> Result<Args, clap::Error> {
    let matches = Cli::command().try_get_matches_from(std::iter::once("certlens").chain(args.iter().map(String::as_str)))?;
    let cli = Cli::from_arg_matches(&matches)?;
    // `--trust-store` files are input too, in their place on the command line (certificate
    // numbers follow the file order).
    let positions = |id: &str| matches.indices_of(id).map(Iterator::collect::<Vec<_>>).unwrap_or_default();
    let mut files: Vec<(usize, String)> = positions("files").into_iter().zip(cli.files.iter().cloned()).collect();
    files.extend(positions("trust_store").into_iter().zip(cli.server.settings().trust_store_files));
    files.sort_by_key(|(i, _)| *i);
    Ok(Args {
        json: cli.json,
        at: cli.at,
        files: files.into_iter().map(|(_, f)| f).collect(),
        asn1: cli.asn1,
        server: cli.server.settings(),
        password_env: cli.password_env,
        link: cli.link,
        share: cli.share,
        share_chain: cli.share_scope.unwrap_or(false),
        base_url: cli.base_url,
    })
}

/// The first HTTP.sys binding of a file that is `netsh http show sslcert` output (a small text
/// file: a bundle of certificates is not searched).
fn netsh_binding(file: &InputFile) -> Option<crate::input::netsh::Binding> {
    if file.bytes.len() > 1 << 20 {
        return None;
    }
    let (text, _) = crate::input::pem::bytes_to_text(&file.bytes)?;
    crate::input::netsh::read(&text).into_iter().next()
}

/// The first IIS configuration's client certificate settings (`applicationHost.config`,
/// `web.config`: XML text with a `<configuration>` element; a bundle of certificates is not read).
fn iis_settings(file: &InputFile) -> Option<crate::input::iisconfig::IisSettings> {
    const ROOT: &[u8] = b"<configuration";
    if file.bytes.len() > 8 << 20 || !file.bytes.windows(ROOT.len()).any(|w| w == ROOT) {
        return None;
    }
    let (text, _) = crate::input::pem::bytes_to_text(&file.bytes)?;
    crate::input::iisconfig::read(&text).map(|c| c.settings)
}

/// The server settings of the flags, and a file's (a netsh binding's, an IIS configuration's,
/// applied by `apply`) where a flag left the default: a flag given says what to try, the file
/// what the server has.
fn with_file(given: &crate::server::ServerSettings, apply: impl FnOnce(&mut crate::server::ServerSettings)) -> crate::server::ServerSettings {
    let default = crate::server::ServerSettings::default();
    let mut from_file = given.clone();
    apply(&mut from_file);
    let mut s = given.clone();
    macro_rules! unless_given {
        ($($field:ident),*) => {$(
            if given.$field == default.$field {
                s.$field = from_file.$field.clone();
            }
        )*};
    }
    unless_given!(revocation, freshness_seconds, usage_check, ds_mapper, tls, ctl, ssl, mapping, mapping_scope);
    s
}

/// A usage error as one plain paragraph: `certlens: invalid value … for '--ssl …': "maybe" is
/// not one of: ignore, accept, require`, then where to find the options.
fn usage_error(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let text = text.trim_end().trim_start_matches("error: ");
    format!("certlens: {text}\n")
}

/// Read at most one byte past [`crate::input::MAX_FILE_SIZE`]: enough for the
/// core to refuse a file that is too large without holding all of it (a
/// 200 MB file or `/dev/zero` costs about 20 MB).
/// `size` (a file's length, when known) sizes the buffer once: growing it by doubling left up
/// to half of it unused for the whole run.
fn read_limited(source: impl std::io::Read, size: Option<u64>) -> std::io::Result<Vec<u8>> {
    let limit = u64::try_from(crate::input::MAX_FILE_SIZE).unwrap_or(u64::MAX).saturating_add(1);
    let mut buf = Vec::with_capacity(size.map_or(0, |s| usize::try_from(s.min(limit)).unwrap_or(0).saturating_add(1)));
    source.take(limit).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Parse an RFC 3339 time (or a plain date, meaning midnight UTC) to Unix seconds.
pub fn parse_time(s: &str) -> Result<i64, String> {
    use time::format_description::well_known::Rfc3339;
    let full = if s.len() == 10 { format!("{s}T00:00:00Z") } else { s.to_string() };
    time::OffsetDateTime::parse(&full, &Rfc3339)
        .map(|t| t.unix_timestamp())
        .map_err(|e| format!("{s:?} is not an RFC 3339 time (e.g. 2026-11-23T00:00:00Z): {e}"))
}

/// `--json`'s bytes for a lean analysis: those of `serde_json::to_writer_pretty` on its
/// report (the fuzz target `analyze` compares them on every input it makes).
pub fn write_json(lean: &crate::analysis::Lean, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
    json::write(lean, out)
}

/// Run the CLI; returns the process exit code.
/// 0: report printed; 1: some input had errors; 2: usage error.
pub fn run(args: &[String], out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> i32 {
    let parsed = match parse_args(args) {
        Ok(p) => p,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = write!(out, "{}", e.render());
            return 0;
        }
        Err(e) => {
            let _ = write!(err, "{}", usage_error(&e));
            return 2;
        }
    };
    if let Some(link) = &parsed.link {
        return share::run_link(link, &parsed, out, err);
    }
    if parsed.files.is_empty() {
        let e = Cli::command().error(ErrorKind::MissingRequiredArgument, "no input files (FILE..., or --link URL)");
        let _ = write!(err, "{}", usage_error(&e));
        return 2;
    }
    let mut files = Vec::new();
    for name in &parsed.files {
        let bytes = if name == "-" {
            read_limited(std::io::stdin().lock(), None)
        } else {
            std::fs::File::open(name).and_then(|f| {
                let size = f.metadata().ok().map(|m| m.len());
                read_limited(f, size)
            })
        };
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
    let binding = files.iter().find_map(netsh_binding);
    let iis = files.iter().find_map(iis_settings);
    let server = with_file(&parsed.server, |s| {
        if let Some(b) = &binding {
            s.apply_binding(b);
        }
        if let Some(c) = &iis {
            s.apply_iis(c);
        }
    });
    let options = Options { server, ..Options::at(at) };
    // `--json` and the text print the report once: bulk certificates stay thin until printed,
    // the files' bytes are let go once decoded (cli/json.rs, cli/text.rs). For `--json`, the
    // certificates' elements are made ahead on one core while the chain layer runs on another.
    let heads = json::Heads::default();
    let lean = if parsed.json && !parsed.share {
        crate::analysis::run_lean_releasing(&mut files, &options, Some(&|c, done| heads.make(c, done)))
    } else if !parsed.share {
        crate::analysis::run_lean_releasing(&mut files, &options, None)
    } else {
        crate::analysis::run_inner(&files, &options, false)
    };
    let report = &lean.report;
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
        return share::run_share(&files, report, &options, &parsed, out, err);
    }
    if parsed.json {
        // Streamed through a buffer: a 10,000-certificate report is ~140 MB of JSON, never held as one string.
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
        match json::write_with(&lean, heads, &mut buffered) {
            Ok(()) => {
                let _ = std::io::Write::write_all(&mut buffered, b"\n");
                let _ = std::io::Write::flush(&mut buffered);
            }
            Err(e) => {
                let _ = writeln!(err, "certlens: cannot serialise report: {e}");
                return 2;
            }
        }
    } else {
        // The text, then (`--asn1`) each certificate's ASN.1 tree, both written as they are made.
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
        let _ = text::write_text(&lean, &mut buffered)
            .and_then(|()| if parsed.asn1 { text::write_asn1(&lean, &mut buffered) } else { Ok(()) })
            .and_then(|()| std::io::Write::flush(&mut buffered));
    }
    let code = i32::from(report.files.iter().any(|f| !f.problems.is_empty()));
    // The process ends next: freeing a large report piece by piece took ~15 % of a 10,000-certificate run.
    std::mem::forget(lean);
    std::mem::forget(files);
    code
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_flags() {
        let a = parse_args(&args(&["--json", "--at", "2026-11-23T00:00:00Z", "a.cer"])).unwrap();
        assert!(a.json);
        assert_eq!(a.at, Some(1_795_392_000));
        assert_eq!(a.files, vec!["a.cer"]);
        assert_eq!(parse_args(&args(&["--at=2026-11-23", "-"])).unwrap().at, Some(1_795_392_000));
        assert_eq!(parse_args(&args(&["-"])).unwrap().files, vec!["-"]);
        assert_eq!(parse_args(&args(&["--bogus"])).unwrap_err().kind(), ErrorKind::UnknownArgument);
        let e = parse_args(&args(&["--at", "yesterday"])).unwrap_err();
        assert!(usage_error(&e).contains("\"yesterday\" is not an RFC 3339 time"), "{}", usage_error(&e));
        assert!(usage_error(&e).starts_with("certlens: invalid value 'yesterday' for '--at <RFC3339>'"), "{}", usage_error(&e));
        assert!(parse_args(&args(&["--share-scope", "chain"])).unwrap().share_chain);
        assert!(parse_args(&args(&["--share-scope", "some"])).is_err());
        // A repeated flag: the last value counts.
        let a = parse_args(&args(&["--json", "--json", "--ssl", "accept", "--ssl=ignore", "x.cer"])).unwrap();
        assert_eq!(a.server.ssl, crate::server::settings::SslMode::Ignore);
    }

    #[test]
    fn trust_store_files_are_read_in_their_place() {
        let a = parse_args(&args(&["a.cer", "--trust-store", "roots.p7b", "b.cer", "--json", "--trust-store=more.p7b"])).unwrap();
        assert_eq!(a.files, vec!["a.cer", "roots.p7b", "b.cer", "more.p7b"]);
        assert_eq!(a.server.trust_store_files, vec!["roots.p7b", "more.p7b"]);
    }

    #[test]
    fn help_is_grouped_and_plain() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert_eq!(run(&args(&["--help"]), &mut out, &mut err), 0);
        let help = String::from_utf8(out).unwrap();
        assert!(help.starts_with("usage: certlens [OPTIONS] [FILE]..."), "{help}");
        for heading in ["Report:", "Share links:", "Server settings (expected IIS behaviour"] {
            assert!(help.contains(heading), "{heading}: {help}");
        }
        assert!(!help.contains('\u{1b}'), "no colours: {help}");
        let mut out = Vec::new();
        assert_eq!(run(&args(&["-V"]), &mut out, &mut err), 0);
        assert_eq!(String::from_utf8(out).unwrap(), format!("certlens {}\n", env!("CARGO_PKG_VERSION")));
        let mut err = Vec::new();
        assert_eq!(run(&[], &mut Vec::new(), &mut err), 2);
        assert!(String::from_utf8(err).unwrap().starts_with("certlens: no input files"));
    }
}
