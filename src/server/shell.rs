//! Commands built from typed parts for the mapping helper and the trust-store
//! audit. Every value is quoted by the one quoting function of its shell in
//! [`crate::command`]; a value that cannot be quoted safely withholds the
//! whole command with a reason.

use serde::{Deserialize, Serialize};

/// The shell a command is meant for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shell {
    /// Windows PowerShell / PowerShell 7.
    PowerShell,
    /// `cmd.exe` (appcmd, netsh, certutil).
    Cmd,
}

/// One part of a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg<'a> {
    /// Fixed text written by certlens (never from a certificate).
    Literal(&'static str),
    /// A value that came from a certificate or the user: always quoted.
    Value(&'a str),
    /// A value inside a PowerShell single-quoted string (no quotes added).
    PsQuotedInner(&'a str),
    /// A value inside an appcmd `'…'` attribute inside a cmd `"…"` argument.
    AppcmdAttr(&'a str),
}

/// A command, or the reason it was withheld.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cmd {
    /// The shell it is written for.
    pub shell: Option<Shell>,
    /// The command line, when every value could be quoted safely.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Why the command is not shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld: Option<String>,
}

/// PowerShell single-quoted string content: [`crate::command::quote_powershell`]
/// without the outer quotes (`'` and the typographic single quotes doubled).
/// Control, bidi and zero-width characters are refused (a newline would end
/// the command; an invisible character would hide what it does).
pub fn powershell_inner(v: &str) -> Result<String, String> {
    let q = crate::command::quote(crate::command::Shell::PowerShell, v, false).map_err(|r| r.message())?;
    Ok(q.get(1..q.len().saturating_sub(1)).unwrap_or_default().to_string())
}

/// A value for cmd.exe inside `"…"`: [`crate::command::quote_cmd`], which
/// refuses what cmd cannot escape (`"`, `%`, `!`, `^`, …) rather than mangle it.
pub fn cmd_inner(v: &str) -> Result<String, String> {
    let q = crate::command::quote(crate::command::Shell::Cmd, v, false).map_err(|r| r.message())?;
    Ok(q.strip_prefix('"').and_then(|w| w.strip_suffix('"')).map_or_else(|| q.clone(), str::to_string))
}

/// A value inside an appcmd attribute `'…'` inside a cmd `"…"` argument:
/// appcmd has no escape for `'` there, so it is refused too.
pub fn appcmd_attr(v: &str) -> Result<String, String> {
    if v.contains('\'') || v.contains(']') {
        return Err(format!("the value {v:?} contains ' or ], which appcmd cannot take inside an attribute"));
    }
    cmd_inner(v)
}

/// Build a command from parts; `Value` parts are quoted for `shell`.
pub fn build(shell: Shell, parts: &[Arg<'_>]) -> Cmd {
    let mut line = String::new();
    for p in parts {
        let piece = match (p, shell) {
            (Arg::Literal(s), _) => Ok((*s).to_string()),
            (Arg::Value(v), Shell::PowerShell) => powershell_inner(v).map(|q| format!("'{q}'")),
            (Arg::Value(v), Shell::Cmd) => cmd_inner(v).map(|q| format!("\"{q}\"")),
            (Arg::PsQuotedInner(v), _) => powershell_inner(v),
            (Arg::AppcmdAttr(v), _) => appcmd_attr(v),
        };
        match piece {
            Ok(s) => line.push_str(&s),
            Err(reason) => return Cmd { shell: Some(shell), command: None, withheld: Some(reason) },
        }
    }
    Cmd { shell: Some(shell), command: Some(line), withheld: None }
}

/// XML attribute value escaping (for web.config snippets).
pub fn xml_attr(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push_str(&format!("&#x{:X};", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn powershell_quotes_double_single_quotes() {
        let c = build(Shell::PowerShell, &[Arg::Literal("Set-ADUser -Identity "), Arg::Value("o'brien")]);
        assert_eq!(c.command.as_deref(), Some("Set-ADUser -Identity 'o''brien'"));
        let c = build(Shell::PowerShell, &[Arg::Value("a\u{2019}b")]);
        assert_eq!(c.command.as_deref(), Some("'a\u{2019}\u{2019}b'"));
    }

    #[test]
    fn control_characters_withhold_the_command() {
        let c = build(Shell::PowerShell, &[Arg::Literal("x "), Arg::Value("a\nRemove-Item C:\\")]);
        assert!(c.command.is_none());
        assert!(c.withheld.unwrap().contains("U+000A"));
    }

    #[test]
    fn cmd_refuses_quote_and_percent() {
        assert!(build(Shell::Cmd, &[Arg::Value("50%")]).command.is_none());
        assert!(build(Shell::Cmd, &[Arg::Value("a\"b")]).command.is_none());
        assert!(build(Shell::Cmd, &[Arg::AppcmdAttr("it's")]).command.is_none());
        assert_eq!(build(Shell::Cmd, &[Arg::Value("Default Web Site")]).command.as_deref(), Some("\"Default Web Site\""));
    }

    #[test]
    fn xml_escapes() {
        assert_eq!(xml_attr("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    }
}
