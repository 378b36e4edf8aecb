//! URLs from a certificate: text always, a link only for http/https/ldap.
//!
//! Long URLs (LDAP distinguished names, percent-encoded) break a 600 px
//! column and say little at a glance: a URL is shown as its scheme and host,
//! the full URL one click away, copyable.

use yew::prelude::*;

use super::copy_button::CopyButton;
use crate::ui::format::{safe_link, url_host, url_scheme};

/// URLs at most this long are shown whole.
const SHORT_URL: usize = 60;

/// Props of [`UrlList`].
#[derive(Properties, PartialEq)]
pub struct UrlListProps {
    /// The URLs.
    pub urls: Vec<String>,
}

/// A list of URLs. Links open in a new tab without a referrer.
#[function_component(UrlList)]
pub fn url_list(props: &UrlListProps) -> Html {
    html! {
        <ul class="urls">
            { for props.urls.iter().map(|url| html! { <li><UrlLine url={url.clone()} /></li> }) }
        </ul>
    }
}

/// Props of [`UrlLine`].
#[derive(Properties, PartialEq)]
pub struct UrlLineProps {
    /// The URL.
    pub url: AttrValue,
}

/// A URL's text with a line-break opportunity after each `/`, `.`, `?`, `&` and `=`: in a
/// narrow column it wraps between its parts ("…/crl/" "int01.crl"), not inside a word. The
/// text (what is copied, what a screen reader reads) is unchanged: `<wbr>` adds none.
fn url_text(url: &str) -> Html {
    let shown = crate::text::visible(url);
    let mut parts: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, ch) in shown.char_indices() {
        if matches!(ch, '/' | '.' | '?' | '&' | '=') {
            let end = i + ch.len_utf8();
            parts.push(shown.get(start..end).unwrap_or_default());
            start = end;
        }
    }
    parts.push(shown.get(start..).unwrap_or_default());
    let last = parts.len().saturating_sub(1);
    html! { <>{ for parts.into_iter().enumerate().map(|(k, p)| html! { <>{p.to_string()}if k < last { <wbr /> }</> }) }</> }
}

/// One URL: whole when short; else a scheme badge and the host, the full URL on expand.
/// Hidden characters (bidi overrides, zero-width, control) are shown as `<U+202E>`.
#[function_component(UrlLine)]
pub fn url_line(props: &UrlLineProps) -> Html {
    let url = props.url.as_str();
    let link = |text: Html| match safe_link(url) {
        Some(href) => html! { <a href={href.to_string()} rel="noreferrer noopener" target="_blank" class="mono url-text">{text}</a> },
        None => html! { <span class="mono url-text">{text}</span> },
    };
    if url.chars().count() <= SHORT_URL {
        return link(url_text(url));
    }
    let scheme = url_scheme(url).unwrap_or_else(|| "URL".into());
    let host = url_host(url).map_or_else(|| if scheme == "LDAP" { "the domain's directory".to_string() } else { "no host".to_string() }, str::to_string);
    html! {
        <details class="url">
            <summary>
                <span class="scheme">{scheme}</span>{" "}<span class="url-host">{crate::text::visible(&host).into_owned()}</span>
                <span class="visually-hidden">{" (show the full address)"}</span>
            </summary>
            <span class="url-full">{ link(url_text(url)) }<CopyButton text={props.url.clone()} what="address" /></span>
        </details>
    }
}

/// Props of [`TextWithUrls`].
#[derive(Properties, PartialEq)]
pub struct TextWithUrlsProps {
    /// A message that may hold URLs.
    pub text: AttrValue,
}

/// A message with every URL in it shown as [`UrlLine`] shows it (scheme and host, the full
/// address on expand, copyable): a percent-encoded LDAP address never spills over the page.
#[function_component(TextWithUrls)]
pub fn text_with_urls(props: &TextWithUrlsProps) -> Html {
    html! {
        { for crate::ui::format::split_urls(props.text.as_str()).into_iter().map(|p| match p {
            crate::ui::format::TextPart::Text(t) => html! { {t.to_string()} },
            crate::ui::format::TextPart::Url(u) => html! { <UrlLine url={AttrValue::from(u.to_string())} /> },
            crate::ui::format::TextPart::Code(c) => html! { <code class="inline-code">{c.to_string()}</code> },
        }) }
    }
}
