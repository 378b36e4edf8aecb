//! Schannel's events from Windows' System log, as Event Viewer copies them (English text, or the
//! events' XML, read by event ID and data whatever the language): the TLS
//! alerts the server sent or received (36887, 36888), the trusted issuer list cut short
//! (36885), the server certificate's private key it could not use (36870), no server
//! certificate (36886). Each is said in words with what it means for client certificate
//! authentication: who refused whose certificate, and why.

/// Most events read (the rest are counted, not read).
pub const MAX_EVENTS: usize = 1_000;

/// Who sent a TLS alert.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// The server (IIS) sent it: it refused what the client sent (36888).
    Sent,
    /// The server received it: the client refused what the server sent (36887).
    Received,
}

/// One kind of Schannel event the text holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A TLS alert.
    Alert {
        /// Who sent it.
        direction: Direction,
        /// Its code (RFC 8446 §6).
        code: u8,
        /// Schannel's internal error state, for one the server sent.
        state: Option<u32>,
        /// How many times.
        count: usize,
    },
    /// 36885: the trusted issuer list sent to clients was cut short.
    IssuerListTruncated {
        /// How many times.
        count: usize,
    },
    /// 36870: the server certificate's private key could not be used.
    PrivateKeyAccess {
        /// How many times.
        count: usize,
    },
    /// 36886: no server certificate.
    NoServerCredential {
        /// How many times.
        count: usize,
    },
}

/// When and where the events of one kind were logged, as their XML says (`<TimeCreated
/// SystemTime>`, in UTC, and `<Computer>`). Event Viewer's text copies write the date in the
/// machine's own format and are not read for it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Logged {
    /// The earliest and the latest time (`2026-12-01 09:14:03`, UTC).
    pub first: Option<String>,
    /// See `first`.
    pub last: Option<String>,
    /// The computers that logged them, in the order first seen (at most [`Logged::COMPUTERS`]).
    pub computers: Vec<String>,
    /// How many more computers logged them.
    pub more_computers: usize,
}

impl Logged {
    /// Most computers named.
    const COMPUTERS: usize = 3;

    /// One more event logged at `time` by `computer`.
    fn add(&mut self, time: Option<&str>, computer: Option<&str>) {
        if let Some(t) = time {
            if self.first.as_deref().is_none_or(|f| t < f) {
                self.first = Some(t.to_string());
            }
            if self.last.as_deref().is_none_or(|l| t > l) {
                self.last = Some(t.to_string());
            }
        }
        if let Some(c) = computer {
            if !self.computers.iter().any(|k| k.eq_ignore_ascii_case(c)) {
                if self.computers.len() < Self::COMPUTERS {
                    self.computers.push(c.to_string());
                } else {
                    self.more_computers += 1;
                }
            }
        }
    }

    /// `, logged on 2026-12-01 09:14:03 UTC by web01.contoso.com` (or `between … and …`), or
    /// nothing when the events said neither.
    pub fn words(&self) -> String {
        let mut out = String::new();
        match (&self.first, &self.last) {
            (Some(f), Some(l)) if f != l => out.push_str(&format!(", logged between {f} and {l} UTC")),
            (Some(f), _) => out.push_str(&format!(", logged on {f} UTC")),
            _ => {}
        }
        if !self.computers.is_empty() {
            out.push_str(if out.is_empty() { ", logged by " } else { " by " });
            let mut names = self.computers.clone();
            if self.more_computers > 0 {
                names.push(crate::text::count(self.more_computers, "other computer", "other computers"));
            }
            out.push_str(&match names.as_slice() {
                [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
                _ => names.join(""),
            });
        }
        out
    }
}

/// `SystemTime` (`2026-12-01T09:14:03.1234567Z`) as `2026-12-01 09:14:03`; `None` for
/// anything else.
fn system_time(value: &str) -> Option<String> {
    let t = value.trim().as_bytes();
    let shape = b"dddd-dd-ddTdd:dd:dd";
    let ok = t.len() >= shape.len() && shape.iter().zip(t).all(|(&want, &b)| if want == b'd' { b.is_ascii_digit() } else { b == want });
    ok.then(|| {
        let mut s = String::from_utf8_lossy(t.get(..shape.len()).unwrap_or_default()).into_owned();
        s.replace_range(10..11, " ");
        s
    })
}

/// A `<Computer>` name as shown: a host name's characters only (else `None`).
fn computer_name(text: &str) -> Option<&str> {
    let name = text.trim();
    (!name.is_empty() && name.len() <= 253 && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))).then_some(name)
}

/// The number after `prefix` in `text`.
fn number_after(text: &str, prefix: &str) -> Option<u32> {
    let rest = &text[text.find(prefix)? + prefix.len()..];
    let digits: String = rest.trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The Schannel events in `text` (`None` when it holds none), each kind once with its count
/// and when it was logged, in the order first seen, and how many were not read: Event
/// Viewer's text, or the events' XML (its XML view, `wevtutil qe System /f:xml`, PowerShell's
/// `ToXml()`), read by event ID and data.
pub fn read(text: &str) -> Option<(Vec<(Event, Logged)>, usize)> {
    const ALERT: &str = "TLS protocol defined fatal alert code is";
    const ISSUER_LIST: &str = "this server sends a list of trusted certificate authorities";
    const PRIVATE_KEY: &str = "TLS server credential private key";
    const NO_CREDENTIAL: &str = "No suitable default server credential";
    let mut events = Events::default();
    if text.contains("<EventID") && text.contains("Schannel") {
        // Each `<Event>` up to its `</Event>` or the next event's start (the tag walker is linear).
        let mut event: Option<XmlEvent> = None;
        for tag in super::xml::tags(text) {
            match (tag.name, tag.end) {
                ("Event", false) => {
                    if let Some(done) = event.replace(XmlEvent::default()) {
                        events.add_xml(done);
                    }
                }
                ("Event", true) => {
                    if let Some(done) = event.take() {
                        events.add_xml(done);
                    }
                }
                (_, true) => {}
                (name, false) => {
                    if let Some(e) = event.as_mut() {
                        e.take(name, tag.attrs, tag.empty, tag.text);
                    }
                }
            }
        }
        if let Some(done) = event {
            events.add_xml(done);
        }
        return events.done();
    }
    if ![ALERT, ISSUER_LIST, PRIVATE_KEY, NO_CREDENTIAL].iter().any(|phrase| text.contains(phrase)) {
        return None;
    }
    // Event Viewer's copy is one event per paragraph or per line ("Details" pane, a saved .txt,
    // or a PowerShell listing): every line that says one is one event.
    for line in text.lines() {
        let event = if line.contains(ALERT) {
            let direction = if line.contains("was received from the remote endpoint") {
                Direction::Received
            } else if line.contains("was generated and sent to the remote endpoint") {
                Direction::Sent
            } else {
                continue;
            };
            let Some(code) = number_after(line, ALERT).and_then(|c| u8::try_from(c).ok()) else { continue };
            Event::Alert { direction, code, state: number_after(line, "internal error state is"), count: 1 }
        } else if line.contains(ISSUER_LIST) || line.contains("the list has grown too long") {
            Event::IssuerListTruncated { count: 1 }
        } else if line.contains(PRIVATE_KEY) {
            Event::PrivateKeyAccess { count: 1 }
        } else if line.contains(NO_CREDENTIAL) {
            Event::NoServerCredential { count: 1 }
        } else {
            continue;
        };
        events.add(event, None, None);
    }
    events.done()
}

/// The events read so far, each kind once with its count, and how many were past [`MAX_EVENTS`].
#[derive(Default)]
struct Events {
    kinds: Vec<(Event, Logged)>,
    seen: usize,
    not_read: usize,
}

impl Events {
    fn add(&mut self, event: Event, time: Option<&str>, computer: Option<&str>) {
        self.seen += 1;
        if self.seen > MAX_EVENTS {
            self.not_read += 1;
            return;
        }
        match self.kinds.iter_mut().find(|(e, _)| e.same_kind(&event)) {
            Some((e, logged)) => {
                e.count_one();
                logged.add(time, computer);
            }
            None => {
                let mut logged = Logged::default();
                logged.add(time, computer);
                self.kinds.push((event, logged));
            }
        }
    }

    /// An event's XML, when it is a Schannel event this reader knows.
    fn add_xml(&mut self, mut xml: XmlEvent) {
        let (time, computer) = (xml.time.take(), xml.computer.take());
        if let Some(event) = xml.read() {
            self.add(event, time.as_deref(), computer.as_deref());
        }
    }

    fn done(self) -> Option<(Vec<(Event, Logged)>, usize)> {
        (!self.kinds.is_empty()).then_some((self.kinds, self.not_read))
    }
}

/// What one event's XML said, as its tags go by.
#[derive(Default)]
struct XmlEvent {
    /// Its `<Provider Name>` names Schannel.
    schannel: bool,
    /// `<EventID>`.
    id: Option<u32>,
    /// Each `<Data …>value</Data>` in order (an empty or self-closing one keeps its place).
    data: Vec<Option<u32>>,
    /// `<TimeCreated SystemTime>` ([`system_time`]).
    time: Option<String>,
    /// `<Computer>` ([`computer_name`]).
    computer: Option<String>,
}

impl XmlEvent {
    fn take(&mut self, name: &str, attrs: &str, empty: bool, text: &str) {
        match name {
            "Provider" => self.schannel |= super::xml::attr(attrs, "Name").is_some_and(|n| n.contains("Schannel")),
            "EventID" => self.id = text.trim().parse().ok(),
            "Data" => self.data.push(if empty { None } else { text.trim().parse().ok() }),
            "TimeCreated" => self.time = super::xml::attr(attrs, "SystemTime").and_then(|v| system_time(&v)),
            "Computer" => self.computer = computer_name(text).map(str::to_string),
            _ => {}
        }
    }

    /// The event (36887: the alert; 36888: the alert, then Schannel's error state, whatever
    /// the data's names), when it is a Schannel event this reader knows.
    fn read(self) -> Option<Event> {
        if !self.schannel {
            return None;
        }
        let code = || u8::try_from(self.data.first().copied().flatten()?).ok();
        Some(match self.id? {
            36887 => Event::Alert { direction: Direction::Received, code: code()?, state: None, count: 1 },
            36888 => Event::Alert { direction: Direction::Sent, code: code()?, state: self.data.get(1).copied().flatten(), count: 1 },
            36885 => Event::IssuerListTruncated { count: 1 },
            36870 => Event::PrivateKeyAccess { count: 1 },
            36886 => Event::NoServerCredential { count: 1 },
            _ => return None,
        })
    }
}

/// A TLS alert's name (RFC 8446 §6, RFC 5246 §7.2).
fn alert_name(code: u8) -> Option<&'static str> {
    Some(match code {
        10 => "unexpected_message",
        20 => "bad_record_mac",
        40 => "handshake_failure",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        44 => "certificate_revoked",
        45 => "certificate_expired",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        49 => "access_denied",
        50 => "decode_error",
        51 => "decrypt_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        90 => "user_canceled",
        109 => "missing_extension",
        112 => "unrecognized_name",
        116 => "certificate_required",
        120 => "no_application_protocol",
        _ => return None,
    })
}

impl Event {
    fn same_kind(&self, other: &Event) -> bool {
        match (self, other) {
            (Event::Alert { direction: d1, code: c1, state: s1, .. }, Event::Alert { direction: d2, code: c2, state: s2, .. }) => (d1, c1, s1) == (d2, c2, s2),
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }

    fn count_one(&mut self) {
        match self {
            Event::Alert { count, .. } | Event::IssuerListTruncated { count } | Event::PrivateKeyAccess { count } | Event::NoServerCredential { count } => *count += 1,
        }
    }

    /// Whether it stops client certificate authentication (a warning, not a note).
    pub fn stops_client_certificates(&self) -> bool {
        match self {
            Event::Alert { direction: Direction::Sent, code, .. } => matches!(code, 42..=46 | 48 | 116),
            Event::Alert { .. } => false,
            Event::IssuerListTruncated { .. } | Event::PrivateKeyAccess { .. } | Event::NoServerCredential { .. } => true,
        }
    }

    /// The event in words, with when and where it was logged (`logged`, from the XML).
    pub fn words(&self, logged: &Logged) -> String {
        let logged = logged.words();
        match self {
            Event::Alert { direction, code, state, count } => {
                let alert = match alert_name(*code) {
                    Some(name) => format!("TLS alert {code} ({name})"),
                    None => format!("TLS alert {code}"),
                };
                let times = crate::text::count(*count, "time", "times");
                let state = state.map(|s| format!(", internal error state {s}")).unwrap_or_default();
                let meaning = match (direction, code) {
                    (Direction::Sent, 48) => "the server refused the client's certificate: it was issued by a CA the server does not trust (its root is not in the server's Trusted Root store, or an issuing CA is missing)",
                    (Direction::Sent, 42 | 43 | 46) => "the server refused the client's certificate (not trusted, its chain not built, or not valid for client authentication); IIS's log then has no entry, or a 403.16",
                    (Direction::Sent, 44) => "the server refused the client's certificate as revoked",
                    (Direction::Sent, 45) => "the server refused the client's certificate as expired",
                    (Direction::Sent, 116) => "the server required a client certificate and the client sent none (TLS 1.3)",
                    (Direction::Sent, 40) => "the server and the client found no protocol version or cipher suite in common, or the server had no certificate to offer",
                    (Direction::Sent, 70) => "the client asked for a TLS version the server does not allow",
                    (Direction::Received, 48 | 42 | 46) => "the client (the browser) refused the server's certificate: not trusted on the client, or its name does not match; a server certificate problem, not a client certificate one",
                    (Direction::Received, 45) => "the client refused the server's certificate as expired",
                    (Direction::Received, 90) => "the client cancelled the handshake (often the browser's certificate dialog closed without a choice)",
                    (Direction::Sent, _) => "the server ended the handshake",
                    (Direction::Received, _) => "the client ended the handshake",
                };
                let who = match direction {
                    Direction::Sent => "Schannel event 36888: the server sent",
                    Direction::Received => "Schannel event 36887: the server received",
                };
                format!("{who} {alert} {times}{state}{logged}: {meaning}")
            }
            Event::IssuerListTruncated { count } => format!(
                "Schannel event 36885 ({}{logged}): the list of trusted CAs the server sends to clients is too long and was cut short, so browsers may offer no certificate (an empty \"choose a certificate\" dialog); remove roots the server does not need from its Trusted Root store, or stop sending the list (SendTrustedIssuerList 0, KB 2801679)",
                crate::text::count(*count, "time", "times")
            ),
            Event::PrivateKeyAccess { count } => format!(
                "Schannel event 36870 ({}{logged}): the server could not use its own certificate's private key (missing, or no read permission for the system account), so no HTTPS connection completes; import the .pfx again or grant access to the key",
                crate::text::count(*count, "time", "times")
            ),
            Event::NoServerCredential { count } => format!(
                "Schannel event 36886 ({}{logged}): the server has no certificate to offer for this connection (no binding's certificate with its private key)",
                crate::text::count(*count, "time", "times")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    /// The kinds of events read, without when they were logged, and how many were not read.
    fn kinds(text: &str) -> Option<(Vec<Event>, usize)> {
        read(text).map(|(events, not_read)| (events.into_iter().map(|(e, _)| e).collect(), not_read))
    }

    /// An event in words, as logged by no one in particular (a text copy).
    fn said(e: &Event) -> String {
        e.words(&Logged::default())
    }

    pub const EVENTS: &str = "Log Name:      System\r\nSource:        Schannel\r\nEvent ID:      36888\r\nDescription:\r\nA fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal alert code is 48. The internal error state is 552.\r\n\r\nA fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal alert code is 48. The internal error state is 552.\r\nA fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 46.\r\n";

    #[test]
    fn alerts_are_told_apart_by_who_sent_them() {
        let (events, not_read) = kinds(EVENTS).unwrap();
        assert_eq!(not_read, 0);
        assert_eq!(events, vec![
            Event::Alert { direction: Direction::Sent, code: 48, state: Some(552), count: 2 },
            Event::Alert { direction: Direction::Received, code: 46, state: None, count: 1 },
        ]);
        assert!(said(&events[0]).starts_with("Schannel event 36888: the server sent TLS alert 48 (unknown_ca) 2 times, internal error state 552: the server refused the client's certificate: it was issued by a CA the server does not trust"), "{}", said(&events[0]));
        assert!(events[0].stops_client_certificates() && !events[1].stops_client_certificates());
        assert!(said(&events[1]).contains("a server certificate problem, not a client certificate one"), "{}", said(&events[1]));
        assert!(read("Source: Schannel\r\nEvent ID: 36888\r\n").is_none(), "no event text");
        // Decoded as a file.
        let f = crate::input::decode_file(&crate::input::InputFile::new("system.txt", EVENTS.as_bytes().to_vec()));
        assert_eq!(f.detected, "Schannel events");
        use crate::diag::Code::SchannelEvent;
        use crate::input::InputSeverity::{Info, Warning};
        let codes: Vec<_> = f.problems.iter().map(|p| (p.code, p.severity)).collect();
        assert_eq!(codes, vec![(SchannelEvent, Warning), (SchannelEvent, Info), (SchannelEvent, Info)]);
    }

    /// The events' XML (Event Viewer's XML view, `wevtutil qe System /f:xml`): read by event ID
    /// and data in order, whatever the data's names; other providers' events left out.
    #[test]
    fn events_as_xml_are_read_by_id_and_data() {
        let event = |id: &str, data: &str| {
            format!("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Schannel' Guid='{{1f678132-5938-4686-9fdc-c8ff68f15c85}}'/><EventID Qualifiers='49152'>{id}</EventID><Level>2</Level><TimeCreated SystemTime='2026-12-01T09:14:03.1Z'/><Channel>System</Channel><Computer>web01.contoso.com</Computer></System><EventData>{data}</EventData></Event>")
        };
        let sent = event("36888", "<Data Name='AlertDesc'>48</Data><Data Name='ErrorState'>552</Data>");
        let other = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Service Control Manager'/><EventID>7036</EventID></System><EventData><Data Name='param1'>48</Data></EventData></Event>";
        let text = format!("<Events>\r\n<Event><System><Provider Name='Schannel'/><EventID>36870</EventID></System></Event>\r\n{sent}\r\n{}\r\n{other}\r\n{sent}\r\n{}\r\n{}</Events>", event("36887", "<Data Name='AlertDesc'>46</Data>"), event("36885", ""), event("36888", "<Data Name='AlertDesc'/><Data>40</Data>"));
        let (events, not_read) = kinds(&text).unwrap();
        assert_eq!(not_read, 0);
        assert_eq!(events, vec![
            Event::PrivateKeyAccess { count: 1 },
            Event::Alert { direction: Direction::Sent, code: 48, state: Some(552), count: 2 },
            Event::Alert { direction: Direction::Received, code: 46, state: None, count: 1 },
            Event::IssuerListTruncated { count: 1 },
        ], "a 36888 whose alert is empty is not read as another alert");
        assert!(read(other).is_none());

        let f = crate::input::decode_file(&crate::input::InputFile::new("schannel.xml", text.into_bytes()));
        assert_eq!(f.detected, "Schannel events");
    }

    /// The XML's times (UTC) and computers are said with each kind: the span of its events,
    /// the computers that logged them (a few by name); a time or name of another shape is left
    /// out, not shown as written.
    #[test]
    fn events_as_xml_say_when_and_where_they_were_logged() {
        let event = |id: &str, time: &str, computer: &str| {
            format!("<Event><System><Provider Name='Schannel'/><EventID>{id}</EventID><TimeCreated SystemTime='{time}'/><Computer>{computer}</Computer></System><EventData><Data>48</Data><Data>552</Data></EventData></Event>")
        };
        let text = [
            event("36888", "2026-12-01T09:14:03.1234567Z", "web01.contoso.com"),
            event("36888", "2026-11-30T22:01:12.5Z", "WEB01.contoso.com"),
            event("36888", "2026-12-01T08:00:00.0Z", "web02.contoso.com"),
            event("36885", "2026-12-01T07:00:00Z", "web01"),
            event("36870", "yesterday", "<b>web01</b>"),
            event("36886", "2026-12-01T07:00:00Z", "web01 && calc"),
        ]
        .concat();
        let (events, _) = read(&text).unwrap();
        let logged: Vec<&Logged> = events.iter().map(|(_, l)| l).collect();
        assert_eq!(logged[0].first.as_deref(), Some("2026-11-30 22:01:12"));
        assert_eq!(logged[0].last.as_deref(), Some("2026-12-01 09:14:03"));
        assert_eq!(logged[0].computers, ["web01.contoso.com", "web02.contoso.com"], "names are told apart without case");
        assert!(events[0].0.words(logged[0]).starts_with("Schannel event 36888: the server sent TLS alert 48 (unknown_ca) 3 times, internal error state 552, logged between 2026-11-30 22:01:12 and 2026-12-01 09:14:03 UTC by web01.contoso.com and web02.contoso.com: the server refused"), "{}", events[0].0.words(logged[0]));
        assert!(events[1].0.words(logged[1]).starts_with("Schannel event 36885 (1 time, logged on 2026-12-01 07:00:00 UTC by web01): "), "{}", events[1].0.words(logged[1]));
        assert_eq!(*logged[2], Logged::default(), "no time or computer of another shape");
        assert!(events[2].0.words(logged[2]).starts_with("Schannel event 36870 (1 time): "));
        assert_eq!(logged[3].computers, Vec::<String>::new());
        assert!(events[3].0.words(logged[3]).starts_with("Schannel event 36886 (1 time, logged on 2026-12-01 07:00:00 UTC): "));

        // Many computers: three by name, the rest counted.
        let many: String = (1..=5).map(|n| event("36887", "2026-12-01T07:00:00Z", &format!("web0{n}"))).collect();
        let (events, _) = read(&many).unwrap();
        assert!(events[0].0.words(&events[0].1).contains(", logged on 2026-12-01 07:00:00 UTC by web01, web02, web03 and 2 other computers: "), "{}", events[0].0.words(&events[0].1));
        // A text copy says neither.
        let (events, _) = read(EVENTS).unwrap();
        assert!(events.iter().all(|(_, l)| *l == Logged::default()));
    }

    #[test]
    fn the_issuer_list_event_and_the_limit() {
        let (events, _) = kinds("When asking for client authentication, this server sends a list of trusted certificate authorities to the client. Currently, this server trusts so many certificate authorities that the list has grown too long.").unwrap();
        assert_eq!(events, vec![Event::IssuerListTruncated { count: 1 }]);
        assert!(said(&events[0]).contains("empty \"choose a certificate\" dialog"));
        let many = "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 90.\n".repeat(MAX_EVENTS + 5);
        let (events, not_read) = kinds(&many).unwrap();
        assert_eq!((events.len(), not_read), (1, 5));
        assert!(matches!(events[0], Event::Alert { count, .. } if count == MAX_EVENTS));
    }
}
