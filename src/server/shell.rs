//! Commands built from typed parts for the mapping helper and the trust-store
//! audit, each value quoted for its shell by one function per shell. A value
//! that cannot be quoted safely withholds the whole command with a reason.
//!
//! Interim: the project-wide `crate::command` module replaces this once it
//! lands; callers only use [`Cmd`], [`Arg`] and [`Shell`], so the switch
//! stays inside this file.

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

/// PowerShell single-quoted string content: `'` and the typographic single
/// quotes PowerShell also accepts as delimiters are doubled. Control
/// characters cannot be quoted (a newline would end the command).
pub fn powershell_inner(v: &str) -> Result<String, String> {
    if let Some(c) = v.chars().find(|c| c.is_control()) {
        return Err(format!("the value contains a control character (U+{:04X}) that cannot be quoted safely for PowerShell", u32::from(c)));
    }
    let mut out = String::with_capacity(v.len() + 2);
    for c in v.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    Ok(out)
}

/// A value for cmd.exe inside `"…"`: cmd has no escape inside quotes that is
/// safe for `"`, `%` and `!`, so such values are refused rather than mangled.
pub fn cmd_inner(v: &str) -> Result<String, String> {
    if let Some(c) = v.chars().find(|c| c.is_control() || matches!(c, '"' | '%' | '!' | '^')) {
        return Err(format!("the value contains {c:?}, which cannot be quoted safely for cmd.exe"));
    }
    Ok(v.to_string())
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
