//! IIS's request log (W3C format, `u_ex*.log`): what a help desk pastes when a user "gets a
//! 403". Each line has the answer IIS sent: `sc-status`, `sc-substatus` and `sc-win32-status`
//! (a Windows error as a decimal number: 2148204809 is `0x800B0109`, CERT_E_UNTRUSTEDROOT).
//! The lines are grouped by answer and said in words, client certificate answers first, with
//! the Windows error named.
//!
//! The fields are named by the log's `#Fields:` line; lines pasted without it are read in IIS's
//! default order (`date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip
//! cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken`).
//!
//! Dropped beside a certificate, the log's client certificate refusals are set against the
//! verdict (`server::engine`): what the server answered, against what certlens predicts.

use serde::{Deserialize, Serialize};

/// Most log lines read (the rest are counted, not read).
pub const MAX_LINES: usize = 100_000;
/// Most distinct answers told apart (the rest are counted together).
pub const MAX_ANSWERS: usize = 24;

/// IIS's default W3C fields, in order.
const DEFAULT_FIELDS: [&str; 15] = [
    "date", "time", "s-ip", "cs-method", "cs-uri-stem", "cs-uri-query", "s-port", "cs-username", "c-ip", "cs(User-Agent)", "cs(Referer)", "sc-status",
    "sc-substatus", "sc-win32-status", "time-taken",
];

/// Requests that got one answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// `sc-status`.
    pub status: u16,
    /// `sc-substatus`.
    pub substatus: u32,
    /// `sc-win32-status`.
    pub win32: u32,
    /// How many requests got it.
    pub count: usize,
    /// The first and the last of them (`date time`, UTC as IIS writes it).
    pub first: String,
    /// See `first`.
    pub last: String,
    /// One of them: method and path (`GET /app/`), and the client's address.
    pub example: String,
}

/// What the log holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Log {
    /// The answers, client certificate refusals first, then by count.
    pub answers: Vec<Answer>,
    /// Requests read.
    pub requests: usize,
    /// Requests whose answer was not told apart ([`MAX_ANSWERS`]).
    pub other_requests: usize,
    /// Lines not read ([`MAX_LINES`]).
    pub lines_not_read: usize,
}

/// Where the fields this reader uses are on a line.
#[derive(Clone, Copy)]
struct Columns {
    date: Option<usize>,
    time: Option<usize>,
    method: Option<usize>,
    path: Option<usize>,
    client: Option<usize>,
    status: usize,
    substatus: usize,
    win32: usize,
}

impl Columns {
    fn of<'a>(names: impl Iterator<Item = &'a str> + Clone) -> Option<Columns> {
        let at = |name: &str| names.clone().position(|n| n == name);
        Some(Columns {
            date: at("date"),
            time: at("time"),
            method: at("cs-method"),
            path: at("cs-uri-stem"),
            client: at("c-ip"),
            status: at("sc-status")?,
            substatus: at("sc-substatus")?,
            win32: at("sc-win32-status")?,
        })
    }
}

/// A line that starts as IIS's do: `2026-12-01 10:01:02 `.
fn starts_with_timestamp(line: &str) -> bool {
    // `d` a digit, anything else itself.
    const SHAPE: &[u8; 20] = b"dddd-dd-dd dd:dd:dd ";
    line.len() > SHAPE.len() && line.bytes().zip(SHAPE).all(|(c, s)| if *s == b'd' { c.is_ascii_digit() } else { c == *s })
}

/// The log's answers; `None` when the text is not an IIS log (a `#Fields:` line with the status
/// fields, or lines in the default order whose status fields are numbers).
pub fn read(text: &str) -> Option<Log> {
    let header = text.lines().find_map(|l| l.strip_prefix("#Fields:")).and_then(|f| Columns::of(f.split_whitespace()));
    if header.is_none() && !text.lines().take(50).any(|l| starts_with_timestamp(l) && l.split(' ').count() == DEFAULT_FIELDS.len()) {
        return None;
    }
    let mut columns = header.or_else(|| Columns::of(DEFAULT_FIELDS.iter().copied()))?;
    let mut log = Log::default();
    let mut lines = 0usize;
    for line in text.lines() {
        let line = line.trim_end();
        if let Some(fields) = line.strip_prefix("#Fields:") {
            columns = Columns::of(fields.split_whitespace()).unwrap_or(columns);
            continue;
        }
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        lines += 1;
        if lines > MAX_LINES {
            log.lines_not_read += 1;
            continue;
        }
        let fields: Vec<&str> = line.split(' ').collect();
        let field = |i: Option<usize>| i.and_then(|i| fields.get(i)).copied().filter(|f| *f != "-");
        let number = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
        let (Some(status), Some(substatus), Some(win32)) = (number(columns.status), number(columns.substatus), number(columns.win32)) else { continue };
        let (Ok(status), Ok(substatus), Ok(win32)) = (u16::try_from(status), u32::try_from(substatus), u32::try_from(win32)) else { continue };
        log.requests += 1;
        let when = [field(columns.date), field(columns.time)].into_iter().flatten().collect::<Vec<_>>().join(" ");
        let room = log.answers.len() < MAX_ANSWERS;
        match log.answers.iter_mut().find(|a| (a.status, a.substatus, a.win32) == (status, substatus, win32)) {
            Some(a) => {
                a.count += 1;
                a.last = when;
            }
            None if room => {
                let mut example = [field(columns.method), field(columns.path)].into_iter().flatten().collect::<Vec<_>>().join(" ");
                if let Some(ip) = field(columns.client) {
                    example.push_str(&format!(" from {ip}"));
                }
                log.answers.push(Answer { status, substatus, win32, count: 1, first: when.clone(), last: when, example });
            }
            None => log.other_requests += 1,
        }
    }
    if log.requests == 0 {
        return None;
    }
    // Client certificate refusals first, then the other refusals, each by count (stable: the
    // order of first appearance otherwise).
    log.answers.sort_by_key(|a| (!a.about_client_certificates(), !a.refused(), std::cmp::Reverse(a.count)));
    Some(log)
}

/// A Windows error IIS logs as `sc-win32-status`, by name, with its meaning, where certlens
/// knows it (the certificate and logon errors of client certificate authentication).
fn win32_words(code: u32) -> Option<(&'static str, &'static str)> {
    Some(match code {
        5 => ("ERROR_ACCESS_DENIED", "access denied"),
        64 => ("ERROR_NETNAME_DELETED", "the client closed the connection"),
        1326 => ("ERROR_LOGON_FAILURE", "the account's user name or password is wrong"),
        1327 => ("ERROR_ACCOUNT_RESTRICTION", "an account restriction stops the logon"),
        1330 => ("ERROR_PASSWORD_EXPIRED", "the account's password has expired"),
        1331 => ("ERROR_ACCOUNT_DISABLED", "the account is disabled"),
        1909 => ("ERROR_ACCOUNT_LOCKED_OUT", "the account is locked out"),
        0x800B_0101 => ("CERT_E_EXPIRED", "a certificate of the chain is expired or not yet valid"),
        0x800B_0109 => ("CERT_E_UNTRUSTEDROOT", "the chain ends in a root the server does not trust"),
        0x800B_010A => ("CERT_E_CHAINING", "the server could not build the chain (an issuing CA certificate is missing)"),
        0x800B_010C => ("CERT_E_REVOKED", "a certificate of the chain is revoked"),
        0x800B_010F => ("CERT_E_CN_NO_MATCH", "the certificate's name does not match"),
        0x800B_0110 => ("CERT_E_WRONG_USAGE", "the certificate is not allowed for this use (its EKU)"),
        0x800B_0112 => ("CERT_E_UNTRUSTEDCA", "a CA of the chain is not trusted (or not in the site's trust list)"),
        0x8009_2010 => ("CRYPT_E_REVOKED", "the certificate is revoked"),
        0x8009_2012 => ("CRYPT_E_NO_REVOCATION_CHECK", "the certificate names no place to check revocation"),
        0x8009_2013 => ("CRYPT_E_REVOCATION_OFFLINE", "the server could not fetch revocation information (a CRL or OCSP address it cannot reach)"),
        0x8009_6004 => ("TRUST_E_CERT_SIGNATURE", "a certificate's signature does not verify"),
        _ => return None,
    })
}

impl Answer {
    /// IIS's client certificate answers (403.7, .12, .13, .16, .17).
    pub fn about_client_certificates(&self) -> bool {
        self.status == 403 && matches!(self.substatus, 7 | 12 | 13 | 16 | 17)
    }

    /// A refusal (4xx or 5xx).
    pub fn refused(&self) -> bool {
        self.status >= 400
    }

    /// The answer's code: `403.16`, `200`.
    pub fn code(&self) -> String {
        if self.substatus == 0 {
            self.status.to_string()
        } else {
            format!("{}.{}", self.status, self.substatus)
        }
    }

    /// The Windows error, by its number, name and meaning (`0x800B0109 CERT_E_UNTRUSTEDROOT: the
    /// chain ends in a root the server does not trust`); empty for none.
    pub fn win32_words(&self) -> String {
        if self.win32 == 0 {
            return String::new();
        }
        let number = if self.win32 > 0xFFFF { format!("0x{:08X}", self.win32) } else { self.win32.to_string() };
        match win32_words(self.win32) {
            Some((name, words)) => format!("{number} {name}: {words}"),
            None => number,
        }
    }

    /// The answer in words.
    pub fn words(&self) -> String {
        let what = match (self.status, self.substatus) {
            (403, 4) => "the site requires HTTPS",
            (403, 7) => "the site requires a client certificate and the browser sent none",
            (403, 12) => "the certificate mapping denied access",
            (403, 13) => "the client certificate is revoked, or the server could not check its revocation",
            (403, 16) => "the client certificate is not trusted or not valid (its chain)",
            (403, 17) => "the client certificate, or a CA of its chain, is expired or not yet valid",
            (401, 1) => "logon failed (for a mapped certificate: the mapping's account or password)",
            (401, 2) => "logon failed: no authentication method the server allows was used",
            (401, 3) => "the file's permissions deny the account",
            (401, _) => "authentication is needed",
            (403, _) => "access is forbidden",
            (s, _) if s < 400 => "answered",
            _ => "refused",
        };
        let code = self.code();
        let requests = crate::text::count(self.count, "request", "requests");
        let when = if self.first == self.last { self.first.clone() } else { format!("{} to {}", self.first, self.last) };
        let mut out = format!("IIS answered {code} to {requests} ({when}; e.g. {}): {what}", self.example);
        // A big number is an HRESULT: its decimal as logged, then its hex and name.
        match self.win32 {
            0 => {}
            w if w > 0xFFFF => out.push_str(&format!("; sc-win32-status {w} = {}", self.win32_words())),
            _ => out.push_str(&format!("; sc-win32-status {}", self.win32_words())),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    pub const LOG: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2026-12-01 10:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n2026-12-01 10:01:02 10.0.0.10 GET /app/ - 443 - 10.0.0.5 Mozilla/5.0 - 200 0 0 12\r\n2026-12-01 10:02:17 10.0.0.10 GET /app/ - 443 - 10.0.0.7 Mozilla/5.0 - 403 16 2148204809 3\r\n2026-12-01 10:02:19 10.0.0.10 GET /app/favicon.ico - 443 - 10.0.0.7 Mozilla/5.0 - 403 16 2148204809 1\r\n2026-12-01 10:03:40 10.0.0.10 GET /app/ - 443 - 10.0.0.9 Mozilla/5.0 - 403 13 2148081683 15001\r\n2026-12-01 10:04:00 10.0.0.10 GET /app/ - 443 CONTOSO\\bob 10.0.0.11 Mozilla/5.0 - 401 1 1326 5\r\n";

    #[test]
    fn answers_are_grouped_and_said_in_words_client_certificates_first() {
        let log = read(LOG).unwrap();
        assert_eq!(log.requests, 5);
        let codes: Vec<(u16, u32, usize)> = log.answers.iter().map(|a| (a.status, a.substatus, a.count)).collect();
        assert_eq!(codes, vec![(403, 16, 2), (403, 13, 1), (401, 1, 1), (200, 0, 1)]);
        assert_eq!(
            log.answers[0].words(),
            "IIS answered 403.16 to 2 requests (2026-12-01 10:02:17 to 2026-12-01 10:02:19; e.g. GET /app/ from 10.0.0.7): the client certificate is not trusted or not valid (its chain); sc-win32-status 2148204809 = 0x800B0109 CERT_E_UNTRUSTEDROOT: the chain ends in a root the server does not trust"
        );
        assert!(log.answers[1].words().contains("0x80092013 CRYPT_E_REVOCATION_OFFLINE"), "{}", log.answers[1].words());
        assert!(log.answers[2].words().ends_with("sc-win32-status 1326 ERROR_LOGON_FAILURE: the account's user name or password is wrong"), "{}", log.answers[2].words());
        assert_eq!(log.answers[3].words(), "IIS answered 200 to 1 request (2026-12-01 10:01:02; e.g. GET /app/ from 10.0.0.5): answered");
        // Decoded as a file: a warning per client certificate refusal, a note for the others, what to drop.
        let f = crate::input::decode_file(&crate::input::InputFile::new("u_ex261201.log", LOG.as_bytes().to_vec()));
        assert_eq!(f.detected, "IIS log");
        use crate::diag::Code::IisLog;
        use crate::input::InputSeverity::{Info, Warning};
        let codes: Vec<_> = f.problems.iter().map(|p| (p.code, p.severity)).collect();
        assert_eq!(codes, vec![(IisLog, Warning), (IisLog, Warning), (IisLog, Info), (IisLog, Info), (IisLog, Info)]);
        assert!(f.problems[4].message.starts_with("IIS request log: 5 requests read; for why IIS refused the client certificate"), "{}", f.problems[4].message);
        // Lines pasted without the header: the default fields.
        let lines: String = LOG.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
        assert_eq!(read(&lines).unwrap().answers, log.answers);
        // Not a log.
        assert!(read("2026-12-01 10:01:02 something else happened").is_none());
        assert!(read("#Fields: date time cs-uri-stem\r\n2026-12-01 10:01:02 /x\r\n").is_none(), "no status fields");
    }

    #[test]
    fn a_big_log_is_bounded() {
        let mut text = String::from("#Fields: sc-status sc-substatus sc-win32-status\n");
        for i in 0..(MAX_LINES + 10) {
            text.push_str(&format!("403 {} 0\n", i % 100));
        }
        let log = read(&text).unwrap();
        assert_eq!(log.answers.len(), MAX_ANSWERS);
        assert_eq!(log.requests, MAX_LINES);
        assert_eq!(log.lines_not_read, 10);
        assert_eq!(log.requests, log.answers.iter().map(|a| a.count).sum::<usize>() + log.other_requests);
    }
}
