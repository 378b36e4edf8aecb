//! A small XML reader for the configuration and event files certlens reads (IIS's
//! `applicationHost.config`, Windows' event XML): tags in order, attributes, entities. Not a
//! validating parser: it walks what is there, in linear time.

/// One element's start (or end) tag: its name, its attributes' text, whether it closes
/// itself, and the text that follows it up to the next tag (`36888` after `<EventID>`).
pub(crate) struct Tag<'a> {
    pub name: &'a str,
    pub attrs: &'a str,
    pub end: bool,
    pub empty: bool,
    pub text: &'a str,
}

/// The tags of an XML text, in order (comments, processing instructions, CDATA and
/// declarations skipped). Linear: each step moves past what it read.
pub(crate) fn tags(text: &str) -> impl Iterator<Item = Tag<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        let at = rest.find('<')?;
        rest = rest.get(at..)?;
        let skip_to = |rest: &mut &str, end: &str| {
            *rest = rest.find(end).and_then(|i| rest.get(i + end.len()..)).unwrap_or("");
        };
        if rest.starts_with("<!--") {
            skip_to(&mut rest, "-->");
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            skip_to(&mut rest, "]]>");
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            skip_to(&mut rest, ">");
            continue;
        }
        // The tag ends at the first '>' outside quotes.
        let mut quote = None;
        let close = rest.char_indices().skip(1).find(|&(_, c)| match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                false
            }
            (Some(q), c) if c == q => {
                quote = None;
                false
            }
            (None, '>') => true,
            _ => false,
        });
        let Some((close, _)) = close else {
            rest = "";
            return None;
        };
        let inner = rest.get(1..close).unwrap_or("");
        rest = rest.get(close + 1..).unwrap_or("");
        let end = inner.starts_with('/');
        let inner = inner.trim_start_matches('/');
        let empty = inner.ends_with('/');
        let inner = inner.trim_end_matches('/');
        let name_end = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
        let (name, attrs) = inner.split_at(name_end);
        let text = rest.get(..rest.find('<').unwrap_or(rest.len())).unwrap_or("");
        return Some(Tag { name, attrs, end, empty, text });
    })
}

/// The value of attribute `name` in a tag's attribute text, entities decoded.
pub(crate) fn attr(attrs: &str, name: &str) -> Option<String> {
    let mut rest = attrs;
    loop {
        let eq = rest.find('=')?;
        let key = rest.get(..eq)?.trim();
        let after = rest.get(eq + 1..)?.trim_start();
        let q = after.chars().next()?;
        if q != '"' && q != '\'' {
            return None;
        }
        let body = after.get(1..)?;
        let end = body.find(q)?;
        if key == name {
            return Some(unescape(body.get(..end)?));
        }
        rest = body.get(end + 1..)?;
    }
}

/// XML's five entities and character references.
pub(crate) fn unescape(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or(""));
        rest = rest.get(at..).unwrap_or("");
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = rest.get(1..).unwrap_or("");
            continue;
        };
        let entity = rest.get(1..semi).unwrap_or("");
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e => e
                .strip_prefix("#x")
                .or_else(|| e.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = rest.get(semi + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = rest.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}
