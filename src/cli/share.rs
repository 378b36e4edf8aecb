//! `certlens --link URL` and `certlens --share FILE...`: the web app's share links on the
//! command line (format: `report::share`).

use super::{render_text, Args};
use crate::report::share::{self, Scope, ViewFacts};
use crate::server::settings::VerdictMode;
use crate::{analyze, InputFile, Options, Report};

/// Analyse a share link; prints the report like for files. Exit 2 when the link cannot be read.
pub fn run_link(link: &str, args: &Args, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> i32 {
    let shared = match share::decode(link) {
        Ok(v) => v,
        Err(e) => {
            let _ = writeln!(err, "certlens: --link: {e} [{}]", e.code);
            return 2;
        }
    };
    let opened = shared.open();
    let mut options = opened.options();
    if let Some(at) = args.at {
        options.at = at;
    }
    let mut report = analyze(&opened.files, &options);
    // The verdict the link showed: the same certificate and, when its mode says so, a
    // server-certificate verdict (the page picks both the same way, `report::subject`).
    if options.server.host.is_none() {
        let chosen = crate::report::subject::verdict_certificate(&report, &options.server);
        if let Some(host) = chosen.and_then(|i| crate::report::subject::host_for(&report, i, opened.mode)) {
            options.server.host = Some(host);
            report = analyze(&opened.files, &options);
        }
    }
    if args.json {
        let _ = writeln!(out, "{}", crate::report::export::json_with_settings(&report, &options));
    } else {
        let not_in_link = opened.facts.not_in_link();
        if !not_in_link.is_empty() {
            let _ = writeln!(out, "from a share link; not in it:");
            for line in &not_in_link {
                let _ = writeln!(out, "  {}", escape_line(line));
            }
        }
        let _ = write!(out, "{}", render_text(&report));
    }
    i32::from(report.files.iter().any(|f| !f.problems.is_empty()))
}

/// Print a share link for the analysed files: the URL on stdout, what is not in it on stderr.
pub fn run_share(
    files: &[InputFile],
    report: &Report,
    options: &Options,
    args: &Args,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> i32 {
    // The CLI shows a server-certificate verdict only for `--host`: the link says which it was.
    // Without it, the link asks for a client verdict only where the page's automatic choice
    // would differ (a server-only certificate), so that the page does not say "checked as a
    // client certificate by choice" of a choice nobody made.
    let chosen = crate::report::subject::verdict_certificate(report, &options.server);
    let mode = if options.server.host.is_some() {
        VerdictMode::Server
    } else if chosen.and_then(|i| crate::report::subject::host_for(report, i, VerdictMode::Auto)).is_some() {
        VerdictMode::Client
    } else {
        VerdictMode::Auto
    };
    let view = ViewFacts { at: options.at, fixed_time: args.at.is_some(), server: options.server.clone(), mode, ..ViewFacts::default() };
    let scope = if args.share_chain { Scope::VerdictChain } else { Scope::Everything };
    let link = match share::make_link(files, report, &view, scope) {
        Ok(link) => link,
        Err(why) => {
            let _ = writeln!(err, "certlens: --share: {why}");
            return 2;
        }
    };
    let base = args.base_url.as_deref().map(|b| b.split('#').next().unwrap_or(b)).unwrap_or("");
    let url = format!("{base}#{}", link.fragment);
    let _ = writeln!(out, "{url}");
    for f in report.files.iter() {
        for p in &f.problems {
            let _ = writeln!(err, "certlens: {}: {}", f.name, escape_line(p));
        }
    }
    let shared = share::decode(&link.fragment).map(|v| v.open().facts.not_in_link()).unwrap_or_default();
    for line in shared {
        let _ = writeln!(err, "certlens: not in the link: {}", escape_line(&line));
    }
    if let Some(hint) = length_hint(url.len(), link.scope) {
        let _ = writeln!(err, "certlens: {hint}");
    }
    i32::from(report.files.iter().any(|f| !f.problems.is_empty()))
}

/// A link longer than chat tools and wikis keep: its length, and `--share-scope chain` unless the
/// link already holds only the verdict's chain (asked for, or everything was over the limits).
fn length_hint(chars: usize, scope: Scope) -> Option<String> {
    (chars > share::SHORT_LINK_CHARS).then(|| {
        format!(
            "the link is {} characters; chat tools and wikis may cut links over {}{}",
            crate::text::grouped(chars),
            crate::text::grouped(share::SHORT_LINK_CHARS),
            if scope == Scope::VerdictChain { "" } else { " (--share-scope chain keeps only the verdict's chain)" }
        )
    })
}

/// Control characters (ESC, newline) shown as `\x1b`, `\n`: text from a link cannot steer the
/// terminal or add lines.
fn escape_line(s: &str) -> String {
    s.chars().flat_map(|c| if c.is_control() { c.escape_default().collect::<Vec<_>>() } else { vec![c] }).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_long_link_suggests_the_chain_only_when_it_holds_more() {
        assert_eq!(length_hint(share::SHORT_LINK_CHARS, Scope::Everything), None);
        let all = length_hint(12_345, Scope::Everything).unwrap();
        assert_eq!(all, "the link is 12,345 characters; chat tools and wikis may cut links over 8,000 (--share-scope chain keeps only the verdict's chain)");
        // Already the verdict's chain (asked for, or everything was over the limits): nothing smaller to suggest.
        assert_eq!(length_hint(12_345, Scope::VerdictChain).unwrap(), "the link is 12,345 characters; chat tools and wikis may cut links over 8,000");
    }
}
