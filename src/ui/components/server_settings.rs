//! The server settings panel: how IIS is set up. Every change re-runs the
//! core's prediction; the panel only edits `ServerSettings` (plain data).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::setting_select::SettingSelect;
use super::trust_store_audit::StoreFileMarks;
use crate::server::settings::{
    explain_cert_check_mode, Browser, Ctl, Mapping, MappingScope, PrivateKey, Product, Proxy, Reach, Revocation, SslMode,
    StrongMapping, TlsVersion, Trust,
};
use crate::server::ServerSettings;
use crate::ui::state::ServerEdit;
use std::rc::Rc;

/// Props of [`ServerSettingsPanel`].
#[derive(Properties, PartialEq)]
pub struct ServerSettingsProps {
    /// Current settings.
    pub settings: ServerSettings,
    /// Names of the dropped files (for "trusted roots: these files").
    pub file_names: Vec<String>,
    /// Files whose settings were applied (netsh output, an IIS configuration).
    #[prop_or_default]
    pub from_files: Vec<String>,
    /// A setting changed (applied to the settings the page holds then, not to `settings`,
    /// which may be a frame old: see [`ServerEdit`]).
    pub on_edit: Callback<ServerEdit>,
    /// Mark or unmark a file as the server's root store: (file name, marked).
    pub on_mark_store: Callback<(String, bool)>,
}

/// An enum's name (`kebab-case`, as in share links and CLI flags), the `<option>` value.
fn enum_value<T: std::fmt::Display>(v: &T) -> AttrValue {
    AttrValue::from(v.to_string())
}

/// The enum for an `<option>` value (the settings' one parser, `FromStr`).
fn enum_from<T: std::str::FromStr>(s: &str) -> Option<T> {
    s.parse().ok()
}

fn options<T: std::fmt::Display>(pairs: &[(T, &'static str)]) -> Vec<(AttrValue, AttrValue)> {
    pairs.iter().map(|(v, l)| (enum_value(v), AttrValue::from(*l))).collect()
}

const REACH: [(Reach, &str); 3] = [(Reach::Unknown, "Unknown"), (Reach::Yes, "Yes"), (Reach::No, "No")];

/// The panel.
#[function_component(ServerSettingsPanel)]
pub fn server_settings_panel(props: &ServerSettingsProps) -> Html {
    let s = &props.settings;
    // A callback that emits `f` with the control's value, as an edit of the settings.
    let edit = |f: fn(&mut ServerSettings, &str)| {
        let on_edit = props.on_edit.clone();
        Callback::from(move |v: String| on_edit.emit(ServerEdit(Rc::new(move |s: &mut ServerSettings| f(s, &v)))))
    };
    let check = |f: fn(&mut ServerSettings, bool)| {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                let checked = el.checked();
                on_edit.emit(ServerEdit(Rc::new(move |s: &mut ServerSettings| f(s, checked))));
            }
        })
    };
    let text = |f: fn(&mut ServerSettings, &str)| {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                let value = el.value();
                on_edit.emit(ServerEdit(Rc::new(move |s: &mut ServerSettings| f(s, &value))));
            }
        })
    };
    let reset = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |_: MouseEvent| on_edit.emit(ServerEdit(Rc::new(|s: &mut ServerSettings| *s = ServerSettings::default()))))
    };
    let iis6 = s.product == Product::Iis6;

    html! {
        <form class="server-settings" data-testid="server-settings" aria-labelledby="server-settings-heading"
            onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <div class="section-head">
                <h3 id="server-settings-heading">{"Server settings"}</h3>
                if *s != ServerSettings::default() {
                    <button type="button" class="quiet" onclick={reset}>{"Defaults"}</button>
                }
            </div>
            if !props.from_files.is_empty() {
                <p class="settings-from muted" data-testid="settings-from">
                    {format!("Read from {}; a setting changed here stays.", props.from_files.join(", "))}
                </p>
            }
            <fieldset>
                <legend>{"Site"}</legend>
                <SettingSelect id="set-product" label="Server" value={enum_value(&s.product)}
                    options={options(&[(Product::Iis10, "IIS 10 (Windows Server 2016–2025)"), (Product::Iis7, "IIS 7–8.5 (2008–2012 R2)"), (Product::Iis6, "IIS 6 (Windows Server 2003)")])}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.product = x })} />
                <SettingSelect id="set-ssl" label="Client certificates" value={enum_value(&s.ssl)}
                    options={options(&[(SslMode::Require, "Require"), (SslMode::Accept, "Accept"), (SslMode::Ignore, "Ignore")])}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.ssl = x })} />
                <SettingSelect id="set-tls" label="TLS version" value={enum_value(&s.tls)}
                    options={options(&[(TlsVersion::Tls12, "TLS 1.2"), (TlsVersion::Tls13, "TLS 1.3"), (TlsVersion::Tls13ClientCertNegotiation, "TLS 1.3 + clientcertnegotiation")])}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.tls = x })} />
                <SettingSelect id="set-proxy" label="In front of IIS" value={enum_value(&s.proxy)}
                    options={options(&[(Proxy::None, "Nothing (direct)"), (Proxy::Forward, "A forward proxy"), (Proxy::TlsTerminating, "A TLS-terminating load balancer")])}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.proxy = x })} />
            </fieldset>
            <fieldset>
                <legend>{"Checks"}</legend>
                if iis6 {
                    <div class="setting">
                        <label for="set-ccm">{"CertCheckMode (metabase)"}</label>
                        <input id="set-ccm" type="number" min="0" max="4294967295"
                            value={s.cert_check_mode.map(|m| m.to_string()).unwrap_or_default()}
                            onchange={text(|s, v| s.cert_check_mode = v.trim().parse().ok())} />
                    </div>
                    if let Some(m) = s.cert_check_mode {
                        <ul class="plain small muted">{ for explain_cert_check_mode(m).into_iter().map(|l| html! { <li>{l}</li> }) }</ul>
                    }
                    <SettingSelect id="set-ctl" label="Certificate trust list (CTL)" value={enum_value(&s.ctl)}
                        options={options(&[(Ctl::None, "None"), (Ctl::IncludesCa, "A CTL that lists the client's CA"), (Ctl::MissesCa, "A CTL without the client's CA")])}
                        on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.ctl = x })} />
                } else {
                    <SettingSelect id="set-revocation" label="Revocation check" value={enum_value(&s.revocation)}
                        options={options(&[(Revocation::On, "On (fetch CRLs)"), (Revocation::CacheOnly, "Cached CRLs only"), (Revocation::Off, "Off")])}
                        on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.revocation = x })} />
                    if s.revocation != Revocation::Off {
                        <div class="setting">
                            <label for="set-fresh">{"Revocation freshness time (seconds)"}</label>
                            <input id="set-fresh" type="number" min="0" placeholder="not set"
                                value={s.freshness_seconds.map(|m| m.to_string()).unwrap_or_default()}
                                onchange={text(|s, v| s.freshness_seconds = v.trim().parse().ok())} />
                        </div>
                    }
                    <div class="setting check">
                        <input id="set-usage" type="checkbox" checked={s.usage_check} onchange={check(|s, b| s.usage_check = b)} />
                        <label for="set-usage">{"Usage check (EKU) on the binding"}</label>
                    </div>
                }
                <SettingSelect id="set-trust" label="Trusted roots" value={enum_value(&s.trust)}
                    options={options(&[(Trust::RootInChain, "The root of the chain is trusted"), (Trust::NotTrusted, "The root is not trusted"), (Trust::Store, "Only roots in files I mark")])}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.trust = x })} />
                if s.trust == Trust::Store {
                    <StoreFileMarks id_prefix="trust-file" legend="Files holding the server's trusted roots"
                        files={props.file_names.clone()} settings={s.clone()} on_mark={props.on_mark_store.clone()} />
                }
                <SettingSelect id="set-trust-mode" label="ClientAuthTrustMode (Schannel)" value={AttrValue::from(s.client_auth_trust_mode.to_string())}
                    options={vec![
                        (AttrValue::from("0"), AttrValue::from("0: machine trust (default)")),
                        (AttrValue::from("1"), AttrValue::from("1: exclusive root trust")),
                        (AttrValue::from("2"), AttrValue::from("2: exclusive CA trust")),
                    ]}
                    on_change={edit(|s, v| if let Ok(x) = v.parse() { s.client_auth_trust_mode = x })} />
                <div class="setting check">
                    <input id="set-issuers" type="checkbox" checked={s.send_issuer_list} onchange={check(|s, b| s.send_issuer_list = b)} />
                    <label for="set-issuers">{"Send trusted issuer list"}</label>
                </div>
                if s.send_issuer_list {
                    <div class="setting">
                        <label for="set-list-bytes">{"Issuer list size (bytes)"}</label>
                        <input id="set-list-bytes" type="number" min="0" placeholder="unknown"
                            value={s.issuer_list_bytes.map(|m| m.to_string()).unwrap_or_default()}
                            onchange={text(|s, v| s.issuer_list_bytes = v.trim().parse().ok())} />
                    </div>
                }
            </fieldset>
            <fieldset>
                <legend>{"The server can reach"}</legend>
                <SettingSelect id="set-reach-internet" label="Internet http:// URLs" value={enum_value(&s.reach.internet)} options={options(&REACH)}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.reach.internet = x })} />
                <SettingSelect id="set-reach-intranet" label="Intranet http:// names" value={enum_value(&s.reach.intranet)} options={options(&REACH)}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.reach.intranet = x })} />
                <SettingSelect id="set-reach-ldap" label="LDAP (domain-joined)" value={enum_value(&s.reach.ldap)} options={options(&REACH)}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.reach.ldap = x })} />
                <SettingSelect id="set-reach-https" label="https:// URLs" value={enum_value(&s.reach.https)} options={options(&REACH)}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.reach.https = x })} />
                <SettingSelect id="set-reach-issuer" label="Issuer CA that was not dropped (server store or AIA)" value={enum_value(&s.reach.issuer)} options={options(&REACH)}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.reach.issuer = x })} />
                if s.revocation == Revocation::CacheOnly {
                    <SettingSelect id="set-reach-cache" label="CRLs already cached" value={enum_value(&s.reach.crl_cache)} options={options(&REACH)}
                        on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.reach.crl_cache = x })} />
                }
            </fieldset>
            <fieldset>
                <legend>{"Mapping to accounts"}</legend>
                <SettingSelect id="set-mapping" label="Mapping" value={enum_value(&s.mapping)}
                    options={options(&[(Mapping::None, "None"), (Mapping::OneToOne, "IIS one-to-one"), (Mapping::ManyToOne, "IIS many-to-one"), (Mapping::ActiveDirectory, "Active Directory mapper")])}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.mapping = x })} />
                if s.mapping != Mapping::None {
                    <SettingSelect id="set-scope" label="Configured on" value={enum_value(&s.mapping_scope)}
                        options={options(&[(MappingScope::Site, "The web site"), (MappingScope::VirtualDirectory, "A virtual directory")])}
                        on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.mapping_scope = x })} />
                }
                if s.mapping == Mapping::ActiveDirectory {
                    <SettingSelect id="set-strong" label="Strong mapping" value={enum_value(&s.strong_mapping)}
                        options={options(&[(StrongMapping::Enforcement, "Full enforcement (default since 2025)"), (StrongMapping::Compatibility, "Compatibility mode")])}
                        on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.strong_mapping = x })} />
                    <div class="setting">
                        <label for="set-altsec">{"altSecurityIdentities"}</label>
                        <input id="set-altsec" type="text" spellcheck="false" placeholder="X509:<I>…<SR>…"
                            value={s.alt_security_identity.clone().unwrap_or_default()}
                            onchange={text(|s, v| s.alt_security_identity = Some(v.to_string()).filter(|v| !v.trim().is_empty()))} />
                    </div>
                }
            </fieldset>
            <fieldset>
                <legend>{"Client"}</legend>
                <SettingSelect id="set-key" label="Private key in the user's store" value={enum_value(&s.private_key)}
                    options={options(&[(PrivateKey::Auto, "Decide from the files"), (PrivateKey::Yes, "Yes"), (PrivateKey::No, "No")])}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.private_key = x })} />
                <SettingSelect id="set-browser" label="Browser" value={enum_value(&s.browser)}
                    options={options(&[(Browser::Chromium, "Chrome / Edge"), (Browser::Firefox, "Firefox"), (Browser::Safari, "Safari")])}
                    on_change={edit(|s, v| if let Some(x) = enum_from(v) { s.browser = x })} />
                <div class="setting">
                    <label for="set-host">{"Server certificate mode: host name"}</label>
                    <input id="set-host" type="text" spellcheck="false" placeholder="www.contoso.com"
                        value={s.host.clone().unwrap_or_default()}
                        onchange={text(|s, v| s.host = Some(v.trim().to_string()).filter(|v| !v.is_empty()))} />
                </div>
            </fieldset>
        </form>
    }
}
