//! URLs from a certificate: text always, a link only for http/https/ldap.

use yew::prelude::*;

use crate::ui::format::safe_link;

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
            { for props.urls.iter().map(|url| html! {
                <li>
                    if let Some(href) = safe_link(url) {
                        <a href={href.to_string()} rel="noreferrer noopener" target="_blank" class="mono">{url}</a>
                    } else {
                        <span class="mono">{url}</span>
                    }
                </li>
            }) }
        </ul>
    }
}
