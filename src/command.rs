//! Commands shown to users, built from typed parts and quoted for one shell.
//!
//! A suggested command is pasted by an administrator, often a domain
//! administrator. Text from a certificate (a URL, a user name, an issuer name)
//! must never reach that command unquoted. So a command is never formatted as
//! a string: it is a program, literal words written in the source
//! (`&'static str`), and *values* that may come from user data. Each value is
//! quoted by the one quoting function of the shell the command is written for:
//!
//! - POSIX sh (`curl`): single quotes, `'` written as `'\''`; nothing is special inside.
//! - PowerShell (`Set-ADUser`, `Invoke-WebRequest`): single-quoted strings, each
//!   quote doubled, including the typographic quotes U+2018–U+201B that
//!   PowerShell also treats as quotes; nothing is expanded inside.
//! - cmd.exe (`certutil`, `netsh`, `reg`, `appcmd`): cmd has no reliable way to
//!   escape `%`, `!`, `"` or `^`, so a value is emitted only when it holds none
//!   of them (nor `& | < > $` or a backquote, so the line stays inert if it is
//!   pasted into PowerShell instead), and is then put in double quotes.
//!
//! In every shell a value holding a control character (newline, NUL, ESC), a
//! bidirectional override or a zero-width character is refused: a newline runs
//! what follows, and an invisible character makes the command differ from what
//! the reader sees. A value starting with `-` is refused too where a program
//! would read it as an option (sh, cmd.exe, native programs from PowerShell). When a value is refused the command is not emitted;
//! [`Refusal`] says why in plain words and shows the value as text.
//!
//! [`Command`] can only be made by [`CommandLine::render`] or from a
//! `&'static str` written in the source, so certificate text cannot reach a
//! command by `format!`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::text;

/// The shell a command is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shell {
    /// A POSIX shell: sh, bash, zsh, dash.
    Sh,
    /// The Windows command prompt, cmd.exe.
    Cmd,
    /// Windows PowerShell 5.1 and PowerShell 7.
    PowerShell,
}

impl Shell {
    /// The shell's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Shell::Sh => "a POSIX shell",
            Shell::Cmd => "cmd.exe",
            Shell::PowerShell => "PowerShell",
        }
    }
}

/// One part of a command line.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    /// A word written in the source: emitted as is.
    Literal(&'static str),
    /// A value, quoted for the shell, between a literal prefix and suffix in one word
    /// (`certhash=` + value, `@{altSecurityIdentities=` + value + `}`).
    Value { prefix: &'static str, value: String, suffix: &'static str },
}

/// A command being built: the program, then literal words and values in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLine {
    shell: Shell,
    program: &'static str,
    parts: Vec<Part>,
}

impl CommandLine {
    /// A command for `shell` running `program`.
    pub fn new(shell: Shell, program: &'static str) -> Self {
        Self { shell, program, parts: Vec::new() }
    }

    /// A literal word (a flag, a sub-command, a constant): written as is.
    #[must_use]
    pub fn arg(mut self, literal: &'static str) -> Self {
        self.parts.push(Part::Literal(literal));
        self
    }

    /// A value, possibly from user data: quoted for the shell.
    #[must_use]
    pub fn value(self, value: impl Into<String>) -> Self {
        self.joined("", value, "")
    }

    /// One word made of a literal prefix, a quoted value and a literal suffix.
    #[must_use]
    pub fn joined(mut self, prefix: &'static str, value: impl Into<String>, suffix: &'static str) -> Self {
        self.parts.push(Part::Value { prefix, value: value.into(), suffix });
        self
    }

    /// The command text, or why it cannot be emitted safely.
    pub fn render(&self) -> Result<Command, Refusal> {
        let mut words: Vec<String> = vec![self.program.to_string()];
        for p in &self.parts {
            match p {
                Part::Literal(l) => words.push((*l).to_string()),
                Part::Value { prefix, value, suffix } => {
                    let q = quote(self.shell, value, self.native_from_powershell())
                        .map_err(|r| Refusal { program: self.program, ..r })?;
                    words.push(format!("{prefix}{q}{suffix}"));
                }
            }
        }
        Ok(Command { text: words.join(" ") })
    }

    /// PowerShell passes arguments of a native program (not a `Verb-Noun`
    /// cmdlet) through one more round of Windows command-line quoting.
    fn native_from_powershell(&self) -> bool {
        self.shell == Shell::PowerShell && !self.program.contains('-')
    }
}

/// A command ready to paste. Only [`CommandLine::render`] and fixed text in the
/// source (`Command::from("certutil -store Root")`) make one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Command {
    text: String,
}

impl Command {
    /// The text to paste.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<&'static str> for Command {
    /// A fixed command written in the source, holding no user data.
    fn from(text: &'static str) -> Self {
        Self { text: text.to_string() }
    }
}

impl std::ops::Deref for Command {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<str> for Command {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for Command {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

/// Serialised as the plain command string (the JSON shape is a list of strings).
impl Serialize for Command {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

/// Read back from a report this program wrote earlier; never build a command
/// from certificate text this way.
impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|text| Self { text })
    }
}

/// Why a command was not emitted: the value, and what a shell would do with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The shell the command was for.
    pub shell: Shell,
    /// The program the command runs (empty when only a value was quoted).
    pub program: &'static str,
    /// The value as it is.
    pub value: String,
    /// Plain words: what in the value cannot be quoted safely.
    pub reason: String,
}

impl Refusal {
    /// One sentence for the user: `the … command is not shown: …`, the value
    /// shown as text with hidden characters made visible (`<U+000A>`).
    pub fn message(&self) -> String {
        let what = if self.program.is_empty() { "suggested" } else { self.program };
        format!(
            "The {what} command is not shown: the value \"{}\" {}, so it cannot be pasted into {} safely; use the value as text.",
            shorten(&text::visible(&self.value), 200),
            self.reason,
            self.shell.name()
        )
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// At most `max` characters of `s`, with `…` when cut.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max).collect();
        out.push('…');
        out
    }
}

/// Quote one value for `shell`: the one quoting function per shell.
pub fn quote(shell: Shell, value: &str, native_from_powershell: bool) -> Result<String, Refusal> {
    let refuse = |reason: String| Refusal { shell, program: "", value: value.to_string(), reason };
    if let Some(reason) = common_refusal(value) {
        return Err(refuse(reason));
    }
    if value.starts_with('-') && (shell != Shell::PowerShell || native_from_powershell) {
        return Err(refuse(LEADING_DASH.into()));
    }
    match shell {
        Shell::Sh => Ok(quote_sh(value)),
        Shell::PowerShell => {
            if native_from_powershell {
                if value.is_empty() {
                    return Err(refuse("is empty, and Windows PowerShell drops empty arguments".into()));
                }
                if let Some(c) = value.chars().find(|&c| matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')) {
                    return Err(refuse(format!("holds the double quote {c}, which PowerShell passes on to the program unescaped")));
                }
                if value.ends_with('\\') {
                    return Err(refuse("ends with a backslash, which would escape the closing quote".into()));
                }
            }
            Ok(quote_powershell(value))
        }
        Shell::Cmd => quote_cmd(value).map_err(refuse),
    }
}

/// Refusals that hold in every shell.
fn common_refusal(value: &str) -> Option<String> {
    if value.contains('\0') {
        return Some("holds a NUL character, which no program can receive".into());
    }
    if let Some(c) = value.chars().find(|&c| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')) {
        return Some(format!("holds a line break ({}), which would run the rest as another command", text::char_name(c)));
    }
    if let Some(c) = value.chars().find(|&c| text::is_deceptive(c)) {
        return Some(format!(
            "holds the invisible character U+{:04X} ({}), so the command would differ from what you see",
            u32::from(c),
            text::char_name(c)
        ));
    }
    None
}

/// A value starting with `-` is read as an option by a program (not by a
/// PowerShell cmdlet, where a quoted string is never a parameter name).
const LEADING_DASH: &str = "starts with -, so the program would read it as an option";

/// POSIX sh: bare when only safe characters, else single quotes with `'\''`.
pub fn quote_sh(value: &str) -> String {
    let bare = value.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_'))
        && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | ':' | '@' | '%' | '+' | ',' | '=' | '-'));
    if bare {
        return value.to_string();
    }
    format!("'{}'", value.replace('\'', "'\\''"))
}

/// The quote characters PowerShell accepts for single-quoted strings.
pub fn is_powershell_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// PowerShell: always a single-quoted string; every quote character doubled.
pub fn quote_powershell(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        out.push(c);
        if is_powershell_single_quote(c) {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// Characters refused in a cmd.exe value: cmd expands or escapes with them
/// even inside double quotes (`%`, `!`, `"`, `^`), they end or redirect the
/// command if the quoting is lost (`& | < >`), or PowerShell expands them in
/// a double-quoted string should the line be pasted there (`$`, backquote).
pub const CMD_REFUSED: &[char] = &['%', '!', '"', '^', '&', '|', '<', '>', '$', '`'];

/// cmd.exe: bare when only safe characters, double quotes when it holds spaces
/// or other inert punctuation, refused otherwise.
pub fn quote_cmd(value: &str) -> Result<String, String> {
    if let Some(c) = value.chars().find(|c| CMD_REFUSED.contains(c)) {
        return Err(format!("holds {c}, which cmd.exe interprets and cannot escape reliably"));
    }
    if let Some(c) = value.chars().find(|c| !c.is_ascii()) {
        return Err(format!("holds the non-ASCII character {c}, which cmd.exe may change by code page"));
    }
    if value.starts_with('/') {
        return Err("starts with /, so a Windows program would read it as an option".into());
    }
    if value.ends_with('\\') {
        return Err("ends with a backslash, which would escape the closing quote".into());
    }
    let bare = !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '\\' | '-' | '{' | '}'));
    Ok(if bare { value.to_string() } else { format!("\"{value}\"") })
}

/// Commands that download `url` to `file`: `certutil -urlcache -f` for cmd.exe
/// (or, when cmd.exe cannot take the URL, `Invoke-WebRequest` for PowerShell)
/// and `curl` for a POSIX shell. Refused ones come back as [`Refusal`]s.
pub fn download(url: &str, file: &'static str) -> (Vec<Command>, Vec<Refusal>) {
    let mut commands = Vec::new();
    let mut refused = Vec::new();
    let certutil = CommandLine::new(Shell::Cmd, "certutil").arg("-urlcache").arg("-f").value(url).arg(file).render();
    match certutil {
        Ok(c) => commands.push(c),
        Err(r) => match CommandLine::new(Shell::PowerShell, "Invoke-WebRequest").arg("-Uri").value(url).arg("-OutFile").arg(file).render() {
            Ok(c) => commands.push(c),
            Err(_) => refused.push(r),
        },
    }
    match CommandLine::new(Shell::Sh, "curl").arg("-o").arg(file).value(url).render() {
        Ok(c) => commands.push(c),
        Err(r) => refused.push(r),
    }
    (commands, refused)
}

/// Read back one word written by [`quote_sh`], the way a POSIX shell would:
/// bare characters that sh takes literally, `'…'` segments, and `\'`. `None`
/// for anything else (a character the shell would interpret). Used by the
/// tests and the fuzz target to check that quoting round-trips.
pub fn sh_unquote(word: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => loop {
                match chars.next()? {
                    '\'' => break,
                    c => out.push(c),
                }
            },
            '\\' => out.push(chars.next().filter(|&c| c == '\'')?),
            c if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | ':' | '@' | '%' | '+' | ',' | '=' | '-') => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// Read back one PowerShell single-quoted string written by [`quote_powershell`]
/// (any of the five quote characters opens and closes it; two in a row are one
/// literal quote). `None` when anything follows the closing quote.
pub fn powershell_unquote(word: &str) -> Option<String> {
    let mut chars = word.chars().peekable();
    if !chars.next().is_some_and(is_powershell_single_quote) {
        return None;
    }
    let mut value = String::new();
    while let Some(c) = chars.next() {
        if is_powershell_single_quote(c) {
            if chars.peek().copied().is_some_and(is_powershell_single_quote) {
                value.push(c);
                chars.next();
            } else {
                return chars.next().is_none().then_some(value);
            }
        } else {
            value.push(c);
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
pub(crate) mod tests {
    use super::*;

    /// Values an attacker would put in a certificate, one per shell trick.
    pub(crate) const HOSTILE: &[&str] = &[
        "$(touch pwned)",
        "http://pki.example/$(touch${IFS}pwned).crt",
        "`touch pwned`",
        "a;touch pwned",
        "a & touch pwned & b",
        "\"&calc&\"",
        "a|touch pwned",
        "a\"; touch pwned; \"",
        "%COMSPEC%",
        "%CMDCMDLINE:~0,1%&calc",
        "\"",
        "'",
        "it's",
        "'; id; '",
        "a\nid",
        "a\r\nid",
        "a\0b",
        "\u{2018}; Start-Process calc; \u{2019}",
        "\u{201B}\u{201A}x",
        "!USERNAME!",
        "^&calc",
        "x;Start-Process calc;#",
        "$env:USERNAME",
        "@{a=1}",
        "a\u{202E}b",
        "pay\u{200B}pal",
        "\u{1b}[2J",
        "-oProxyCommand=calc",
        "\\\\server\\share\\",
        "",
        " ",
        "plain",
        "Ærøskøbing CA",
    ];

    /// A POSIX shell prints the value back exactly.
    fn sh_roundtrip(quoted: &str) -> Vec<u8> {
        let out = std::process::Command::new("sh").arg("-c").arg(format!("printf %s {quoted}")).output().unwrap();
        assert!(out.status.success(), "sh failed on {quoted:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    }

    #[test]
    fn sh_quoting_is_inert() {
        let dir = std::env::temp_dir().join(format!("certlens-quote-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for v in HOSTILE {
            match quote(Shell::Sh, v, false) {
                Ok(q) => {
                    // Run in an empty directory so a stray `touch` would show.
                    let out = std::process::Command::new("sh")
                        .current_dir(&dir)
                        .arg("-c")
                        .arg(format!("printf %s {q}"))
                        .output()
                        .unwrap();
                    assert_eq!(String::from_utf8(out.stdout).unwrap(), *v, "sh changed {v:?} quoted as {q}");
                    assert!(out.status.success());
                }
                Err(r) => assert!(
                    v.chars().any(text::is_deceptive) || v.starts_with('-'),
                    "{v:?} refused for sh without need: {}",
                    r.reason
                ),
            }
        }
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "a quoted value ran a command");
        let _ = std::fs::remove_dir(&dir);
    }

    #[test]
    fn sh_quoting_of_every_byte() {
        let all: String = (1u8..0x80).map(char::from).filter(|c| !text::is_deceptive(*c)).collect();
        let q = quote_sh(&all);
        assert_eq!(sh_roundtrip(&q), all.as_bytes());
    }

    #[test]
    fn powershell_quoting_is_inert() {
        for v in HOSTILE {
            match quote(Shell::PowerShell, v, false) {
                Ok(q) => assert_eq!(powershell_unquote(&q).as_deref(), Some(*v), "{v:?} quoted as {q} is not that one string"),
                Err(r) => assert!(v.chars().any(text::is_deceptive), "{v:?}: {}", r.reason),
            }
        }
        assert_eq!(quote_powershell("x;Start-Process calc;#"), "'x;Start-Process calc;#'");
        assert_eq!(quote_powershell("O'Brien \u{2019}"), "'O''Brien \u{2019}\u{2019}'");
    }

    #[test]
    fn powershell_native_arguments_refuse_double_quotes() {
        assert!(quote(Shell::PowerShell, "a\"b", true).is_err());
        assert!(quote(Shell::PowerShell, "a\u{201C}b", true).is_err());
        assert!(quote(Shell::PowerShell, "C:\\dir\\", true).is_err());
        assert!(quote(Shell::PowerShell, "", true).is_err());
        assert_eq!(quote(Shell::PowerShell, "a\"b", false).unwrap(), "'a\"b'");
    }

    /// What cmd.exe would treat specially in the rendered word, after its
    /// quoting: `%` and `!` anywhere, `&|<>^()` outside double quotes, a quote
    /// that is not the opening or closing one.
    fn cmd_word_is_inert(word: &str) -> bool {
        if word.contains(['%', '!', '\n', '\r', '\0']) {
            return false;
        }
        let inner = word.strip_prefix('"').and_then(|w| w.strip_suffix('"'));
        match inner {
            Some(inner) => !inner.contains('"') && !inner.ends_with('\\'),
            None => !word.contains(['"', '&', '|', '<', '>', '^', '(', ')', ' ', ',', ';', '=']),
        }
    }

    #[test]
    fn cmd_quoting_is_inert_or_refused() {
        for v in HOSTILE {
            if let Ok(q) = quote(Shell::Cmd, v, false) {
                assert!(cmd_word_is_inert(&q), "{v:?} rendered for cmd as {q}");
                // Pasted into PowerShell instead, a double-quoted word must not expand.
                assert!(!q.contains(['$', '`']));
            }
        }
        assert!(quote(Shell::Cmd, "\"&calc&\"", false).is_err());
        assert!(quote(Shell::Cmd, "%COMSPEC%", false).is_err());
        assert!(quote(Shell::Cmd, "!x!", false).is_err());
        assert!(quote(Shell::Cmd, "^&", false).is_err());
        assert_eq!(quote(Shell::Cmd, "Default Web Site", false).unwrap(), "\"Default Web Site\"");
        assert_eq!(quote(Shell::Cmd, "issuing_ca.cer", false).unwrap(), "issuing_ca.cer");
        assert_eq!(quote(Shell::Cmd, "http://pki.contoso.com/ca.crt", false).unwrap(), "\"http://pki.contoso.com/ca.crt\"");
    }

    /// Values built from an alphabet of every character class that matters,
    /// deterministic (no RNG crate): all strings up to length 3, then longer mixes.
    pub(crate) fn generated_values() -> Vec<String> {
        const ALPHABET: &[char] = &[
            'a', 'Z', '0', ' ', '\'', '"', '`', '$', '(', ')', ';', '&', '|', '<', '>', '%', '!', '^', '\\', '/', '-', '=',
            '#', '@', '{', '}', '*', '?', '~', '\n', '\r', '\t', '\0', '\u{1b}', '\u{7f}', '\u{85}', '\u{2018}', '\u{2019}',
            '\u{201A}', '\u{201B}', '\u{201C}', '\u{202E}', '\u{200B}', '\u{FEFF}', '\u{2028}', 'é', '漢', '😀',
        ];
        let mut out = vec![String::new()];
        let mut layer = vec![String::new()];
        for _ in 0..3 {
            layer = layer.iter().flat_map(|p| ALPHABET.iter().map(move |c| format!("{p}{c}"))).collect();
            out.extend(layer.iter().cloned());
        }
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            let len = (x % 24) as usize + 4;
            let mut s = String::new();
            for _ in 0..len {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push(ALPHABET[(x % ALPHABET.len() as u64) as usize]);
            }
            out.push(s);
        }
        out
    }

    #[test]
    fn property_sh_output_is_refused_or_reads_back_exactly() {
        for v in generated_values() {
            if let Ok(q) = quote(Shell::Sh, &v, false) {
                assert_eq!(sh_unquote(&q).as_deref(), Some(v.as_str()), "{v:?} quoted as {q}");
            }
        }
    }

    #[test]
    fn property_powershell_output_is_refused_or_reads_back_exactly() {
        for v in generated_values() {
            for native in [false, true] {
                if let Ok(q) = quote(Shell::PowerShell, &v, native) {
                    assert_eq!(powershell_unquote(&q).as_deref(), Some(v.as_str()), "{v:?} quoted as {q}");
                }
            }
        }
    }

    #[test]
    fn property_cmd_output_is_refused_or_inert() {
        for v in generated_values() {
            if let Ok(q) = quote(Shell::Cmd, &v, false) {
                assert!(cmd_word_is_inert(&q), "{v:?} rendered for cmd as {q}");
                let inner = q.strip_prefix('"').and_then(|w| w.strip_suffix('"')).unwrap_or(&q);
                assert_eq!(inner, v);
            }
        }
    }

    #[test]
    fn download_commands() {
        let (c, r) = download("http://pki.contoso.com/ca.crt", "issuer.cer");
        assert_eq!(c, vec![Command::from("certutil -urlcache -f \"http://pki.contoso.com/ca.crt\" issuer.cer"), Command::from("curl -o issuer.cer http://pki.contoso.com/ca.crt")]);
        assert!(r.is_empty());
        // cmd.exe cannot take % or $: PowerShell instead; sh quotes it.
        let (c, r) = download("http://pki.example/$(touch${IFS}/tmp/x).crt", "issuer.cer");
        assert_eq!(
            c,
            vec![
                Command::from("Invoke-WebRequest -Uri 'http://pki.example/$(touch${IFS}/tmp/x).crt' -OutFile issuer.cer"),
                Command::from("curl -o issuer.cer 'http://pki.example/$(touch${IFS}/tmp/x).crt'")
            ]
        );
        assert!(r.is_empty());
        let (c, r) = download("http://x/a\nb", "issuer.cer");
        assert!(c.is_empty());
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn commands_render_and_refuse() {
        let c = CommandLine::new(Shell::Sh, "curl").arg("-o").value("issuer.cer").value("http://pki.example/$(id).crt").render().unwrap();
        assert_eq!(c, "curl -o issuer.cer 'http://pki.example/$(id).crt'");
        let r = CommandLine::new(Shell::Cmd, "certutil").arg("-urlcache").arg("-f").value("\"&calc&\"").render().unwrap_err();
        assert_eq!(
            r.message(),
            "The certutil command is not shown: the value \"\"&calc&\"\" holds \", which cmd.exe interprets and cannot escape reliably, so it cannot be pasted into cmd.exe safely; use the value as text."
        );
        let r = CommandLine::new(Shell::Sh, "curl").value("http://x/\ny").render().unwrap_err();
        assert!(r.message().contains("\"http://x/<U+000A>y\""), "{}", r.message());
        let c = CommandLine::new(Shell::PowerShell, "Set-ADUser")
            .arg("-Identity")
            .value("x;Start-Process calc;#")
            .arg("-Add")
            .joined("@{altSecurityIdentities=", "X509:<I>CN=O'Brien<SR>01", "}")
            .render()
            .unwrap();
        assert_eq!(c.as_str(), "Set-ADUser -Identity 'x;Start-Process calc;#' -Add @{altSecurityIdentities='X509:<I>CN=O''Brien<SR>01'}");
        assert_eq!(serde_json::to_string(&c).unwrap(), serde_json::to_string(c.as_str()).unwrap());
    }
}
