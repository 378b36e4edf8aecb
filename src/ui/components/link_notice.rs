//! What a share link said: the view came from a link (and what is not in it), or the link
//! could not be opened.

use yew::prelude::*;

use crate::ui::work::SharedBlob;

/// Props of [`LinkNotice`].
#[derive(Properties, PartialEq)]
pub struct LinkNoticeProps {
    /// Facts of the link the view came from.
    #[prop_or_default]
    pub shared: Option<SharedBlob>,
    /// Why the link in the address could not be opened.
    #[prop_or_default]
    pub error: Option<String>,
}

/// A notice above the results.
#[function_component(LinkNotice)]
pub fn link_notice(props: &LinkNoticeProps) -> Html {
    html! {
        <>
            if let Some(e) = &props.error {
                <div class="notice notice-error" role="alert" data-testid="link-error">
                    <p><strong>{"This share link cannot be opened: "}</strong>{e}</p>
                    <p class="small">{"Ask for a new link, or drop the certificate files instead."}</p>
                </div>
            }
            if let Some(s) = &props.shared {
                <div class="notice" role="status" data-testid="link-notice">
                    <p><strong>{"Opened from a share link."}</strong>{" The view was rebuilt in this browser from the link; nothing was downloaded."}</p>
                    if !s.not_in_link.is_empty() {
                        <ul class="plain small">
                            { for s.not_in_link.iter().map(|l| html! { <li>{l}</li> }) }
                        </ul>
                    }
                </div>
            }
        </>
    }
}
