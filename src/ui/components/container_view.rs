//! What a container file (PKCS#12, PKCS#7) holds, and the keys of a file.

use yew::prelude::*;

use crate::ui::page::{ContainerReport, KeyReport};

/// Props of [`ContainerView`].
#[derive(Properties, PartialEq)]
pub struct ContainerViewProps {
    /// The structure, when the file is a container.
    #[prop_or_default]
    pub container: Option<ContainerReport>,
    /// The keys found in the file.
    #[prop_or_default]
    pub keys: Vec<KeyReport>,
}

/// The private-key line first, the structure one click away.
#[function_component(ContainerView)]
pub fn container_view(props: &ContainerViewProps) -> Html {
    html! {
        <div class="container-view">
            { for props.keys.iter().map(|k| html! {
                <p class="key-line">
                    <span class={if k.private { "label label-info" } else { "label" }}>
                        {if k.private { "Private key" } else { "Public key" }}
                    </span>
                    {" "}{&k.status}
                    <span class="muted">{format!(" · {}{}", k.format, k.summary.as_ref().map(|s| format!(", {s}")).unwrap_or_default())}</span>
                </p>
            }) }
            if let Some(c) = &props.container {
                <details class="structure">
                    <summary>{format!("{} structure", c.format)}</summary>
                    <dl class="facts compact">
                        <div class="row"><dt>{"Holds"}</dt><dd>{&c.summary}</dd></div>
                        <div class="row"><dt>{"Private key"}</dt><dd>{&c.private_key}</dd></div>
                        <div class="row"><dt>{"Password"}</dt><dd>{password_words(c)}</dd></div>
                        if let Some(mac) = &c.mac {
                            <div class="row"><dt>{"Integrity (MAC)"}</dt><dd>
                                {format!("{}, {}, ", mac.algorithm, crate::text::count(mac.iterations, "iteration", "iterations"))}
                                {match mac.verified { Some(true) => "verified", Some(false) => "not verified", None => "not checked" }}
                            </dd></div>
                        }
                        if c.legacy {
                            <div class="row"><dt>{"Encryption"}</dt><dd>
                                <span class="label label-warn">{"Legacy"}</span>{" uses 3DES/RC2-era encryption that some systems no longer import"}
                            </dd></div>
                        }
                    </dl>
                    <ol class="parts">
                        { for c.parts.iter().map(|p| html! {
                            <li>
                                <strong>{part_kind(&p.kind)}</strong>
                                if let Some(e) = &p.encryption { {format!(": {e}")} }
                                {if p.opened { "" } else { " (still locked)" }}
                                if !p.bags.is_empty() {
                                    <ul class="plain bags">
                                        { for p.bags.iter().map(|b| html! {
                                            <li>
                                                {bag_kind(&b.kind)}
                                                if let Some(e) = &b.encryption { {format!(", {e}")} }
                                                if let Some(n) = &b.friendly_name { {format!(", friendly name \u{201c}{n}\u{201d}")} }
                                                if let Some(id) = &b.local_key_id { <span class="muted mono-soft">{format!(" local key ID {id}")}</span> }
                                            </li>
                                        }) }
                                    </ul>
                                }
                            </li>
                        }) }
                    </ol>
                </details>
            }
        </div>
    }
}

fn password_words(c: &ContainerReport) -> &'static str {
    use crate::ui::page::PasswordState as P;
    match c.password {
        P::NotNeeded => "not needed",
        P::Empty => "opened with the empty password",
        P::Accepted => "the password given is right",
        P::Needed => "needed: type it below",
        P::Wrong => "the password given is wrong",
    }
}

fn part_kind(kind: &str) -> &str {
    match kind {
        "data" => "Plain part",
        "encryptedData" => "Password-encrypted part",
        "envelopedData" => "Part encrypted for a recipient's key",
        other => other,
    }
}

fn bag_kind(kind: &str) -> &str {
    match kind {
        "certificate" => "Certificate",
        "shrouded-key" => "Encrypted private key",
        "key" => "Unencrypted private key",
        "crl" => "CRL",
        "secret" => "Secret",
        other => other,
    }
}
