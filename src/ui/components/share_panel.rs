//! Share and export: a link carrying the view, Markdown, JSON with settings, the chain as
//! PEM or .p7b, and the iframe snippet for embedding. Everything is made in this tab, by the
//! analysis worker (`Task`), which holds the report.

use yew::prelude::*;

use crate::report::share;
use crate::ui::work::{LinkView, MadeLink, Task, TaskAnswer};
use crate::ui::{bridge, dom, embed};

/// Props of [`SharePanel`].
#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    /// The view the link is made from (`AppState::view_facts`): only what a link carries, so
    /// the panel renders again only when that changes, not on every state change.
    pub view: LinkView,
    /// There are certificates (the chain exports are offered).
    pub has_chain: bool,
    /// Only CA certificates, none chosen for a verdict: there is no verdict chain, so the
    /// exports hold every certificate (a bundle or store as PEM or .p7b), and say so.
    #[prop_or_default]
    pub every_certificate: bool,
}

#[derive(Clone, PartialEq, Default)]
struct Made {
    url: String,
    scope_chain: bool,
    left_out: Vec<String>,
}

/// Share and export actions.
#[function_component(SharePanel)]
pub fn share_panel(props: &SharePanelProps) -> Html {
    let made = use_state(|| None::<Made>);
    let copied = use_state(String::new);
    let embed_open = use_state(|| false);

    // Links and exports are made by the analysis worker (it holds the report and the
    // compressor); the page only shows, copies and downloads the answers.
    let make = {
        let view = props.view.clone();
        move |smaller: bool, then: Box<dyn FnOnce(Result<Made, String>)>| {
            let task = Task::Link { view: view.clone(), smaller };
            bridge::ask(&task, move |answer| {
                then(answer.decode::<MadeLink>().map(|link| {
                    embed::set_fragment(&link.fragment);
                    Made { url: format!("{}#{}", embed::app_base(), link.fragment), scope_chain: link.chain_only, left_out: link.left_out }
                }))
            });
        }
    };
    let copy_to = |text: String, what: &'static str, copied: UseStateHandle<String>| {
        wasm_bindgen_futures::spawn_local(async move {
            let ok = dom::copy_text(&text).await;
            copied.set(if ok { format!("{what} copied") } else { format!("the browser refused the clipboard: select the {what} and copy it") });
        });
    };
    let link_to = {
        let make = make.clone();
        move |smaller: bool, what: &'static str, made: UseStateHandle<Option<Made>>, copied: UseStateHandle<String>| {
        make(
            smaller,
            Box::new(move |m| match m {
                Ok(m) => {
                    copy_to(m.url.clone(), what, copied);
                    made.set(Some(m));
                }
                Err(why) => copied.set(format!("the {what} could not be made: {why}")),
            }),
        );
        }
    };
    let on_link = {
        let (made, copied, link_to) = (made.clone(), copied.clone(), link_to.clone());
        Callback::from(move |_: MouseEvent| link_to(false, "link", made.clone(), copied.clone()))
    };
    let on_smaller = {
        let (made, copied, link_to) = (made.clone(), copied.clone(), link_to.clone());
        Callback::from(move |_: MouseEvent| link_to(true, "smaller link", made.clone(), copied.clone()))
    };
    // A task whose answer is copied or downloaded; a failure is said in the status line.
    let export = |task: Task, what: &'static str, copied: UseStateHandle<String>, done: Box<dyn FnOnce(TaskAnswer, UseStateHandle<String>)>| {
        bridge::ask(&task, move |answer| match answer {
            TaskAnswer::Failed(why) => copied.set(format!("the {what} could not be made: {why}")),
            answer => done(answer, copied),
        });
    };
    let on_markdown = {
        let (copied, made) = (copied.clone(), made.clone());
        Callback::from(move |_: MouseEvent| {
            let link = made.as_ref().map(|m| m.url.clone());
            export(Task::Markdown { link }, "Markdown", copied.clone(), Box::new(move |answer, copied| {
                if let TaskAnswer::Text(md) = answer {
                    copy_to(md, "Markdown", copied);
                }
            }));
        })
    };
    let on_md_download = {
        let (copied, made) = (copied.clone(), made.clone());
        Callback::from(move |_: MouseEvent| {
            let link = made.as_ref().map(|m| m.url.clone());
            export(Task::Markdown { link }, "Markdown", copied.clone(), Box::new(|answer, _| {
                if let TaskAnswer::Text(md) = answer {
                    dom::download("certlens-report.md", md.as_bytes(), "text/markdown");
                }
            }));
        })
    };
    // What the exports hold, in their messages and file names: the chain or every certificate.
    let every = props.every_certificate;
    let what = if every { "certificates" } else { "chain" };
    let on_pem = {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            export(Task::ChainPem { every }, what, copied.clone(), Box::new(move |answer, _| {
                if let TaskAnswer::Text(pem) = answer {
                    dom::download(&format!("{what}.pem"), pem.as_bytes(), "application/x-pem-file");
                }
            }));
        })
    };
    let on_p7b = {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            export(Task::ChainP7b { every }, what, copied.clone(), Box::new(move |answer, _| {
                if let TaskAnswer::Bytes(p7b) = answer {
                    dom::download(&format!("{what}.p7b"), &p7b, "application/x-pkcs7-certificates");
                }
            }));
        })
    };
    let on_embed = {
        let (embed_open, made, copied) = (embed_open.clone(), made.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            if *embed_open {
                embed_open.set(false);
            } else {
                // The dialog opens once the worker has made the link its snippet holds, for the
                // view as it is now (a snippet shown before would embed an empty view; one
                // made for an earlier view, that view).
                let (made, copied, embed_open) = (made.clone(), copied.clone(), embed_open.clone());
                copied.set("Making the link\u{2026}".into());
                make(
                    false,
                    Box::new(move |m| match m {
                        Ok(m) => {
                            made.set(Some(m));
                            copied.set(String::new());
                            embed_open.set(true);
                        }
                        Err(why) => copied.set(format!("the link could not be made: {why}")),
                    }),
                );
            }
        })
    };
    let has_chain = props.has_chain;

    html! {
        <section class="share no-print" aria-labelledby="share-heading">
            <h2 id="share-heading" class="visually-hidden">{"Share and export"}</h2>
            <div class="actions">
                <button type="button" data-testid="share-button" onclick={on_link}>{"Copy link"}</button>
                <button type="button" data-testid="copy-markdown" onclick={on_markdown}>{"Copy as Markdown"}</button>
                <button type="button" class="quiet" data-testid="download-md" onclick={on_md_download}>{"Download .md"}</button>
                if has_chain {
                    <button type="button" class="quiet" data-testid="download-chain-pem" onclick={on_pem}>{if every { "All as PEM" } else { "Chain as PEM" }}</button>
                    <button type="button" class="quiet" data-testid="download-chain-p7b" onclick={on_p7b}>{if every { "All as .p7b" } else { "Chain as .p7b" }}</button>
                }
                <button type="button" class="quiet" data-testid="embed-button" aria-expanded={(*embed_open).to_string()} onclick={on_embed}>{"Embed"}</button>
            </div>
            <p class="muted small" role="status" data-testid="share-status">{(*copied).clone()}</p>
            if let Some(m) = &*made {
                <div class="share-link">
                    <label for="share-url">{"Link to this view"}</label>
                    <input id="share-url" type="text" readonly=true value={m.url.clone()} data-testid="share-url"
                        data-length={m.url.len().to_string()} />
                    <p class="muted small" data-testid="share-length">
                        {format!("{} characters. The part after # stays in the browser: it is never sent to a server. Private keys and passwords are never in a link.", crate::text::grouped(m.url.len()))}
                    </p>
                    if m.url.len() > share::SHORT_LINK_CHARS && !m.scope_chain {
                        <p class="warn-text">
                            {format!("Chat tools and wikis may cut links over {} characters. ", crate::text::grouped(share::SHORT_LINK_CHARS))}
                            <button type="button" data-testid="share-smaller" onclick={on_smaller}>{"Make a smaller link (only the verdict's chain)"}</button>
                        </p>
                    }
                    if !m.left_out.is_empty() {
                        <div data-testid="share-left-out">
                            <p class="small">{"Left out of this link:"}</p>
                            <ul class="plain small">{ for m.left_out.iter().map(|l| html! { <li>{l}</li> }) }</ul>
                        </div>
                    }
                </div>
            }
            if let (true, Some(m)) = (*embed_open, &*made) {
                { embed_dialog(&m.url) }
            }
        </section>
    }
}

/// The iframe snippet for the current view (`url`: its link).
fn embed_dialog(url: &str) -> Html {
    let (base, fragment) = url.split_once('#').unwrap_or((url, ""));
    let src = format!("{base}?embed&allow=https://wiki.example#{fragment}");
    let snippet = format!(
        "<iframe src=\"{}\" title=\"certlens\" width=\"600\" height=\"480\" style=\"border:0;max-width:100%\" sandbox=\"allow-scripts allow-same-origin allow-popups allow-downloads\"></iframe>",
        src.replace('&', "&amp;").replace('"', "&quot;")
    );
    html! {
        <div class="embed-dialog" role="region" aria-label="Embed certlens" data-testid="embed-dialog">
            <p class="small">
                {"Paste this into a wiki page. Replace https://wiki.example with the address of the page that embeds certlens: only that page may send certificates into the frame. The frame reports its height to the page (see the README, \"Embed mode\")."}
            </p>
            <textarea readonly=true rows="5" data-testid="embed-snippet" aria-label="iframe snippet" value={snippet} />
        </div>
    }
}
