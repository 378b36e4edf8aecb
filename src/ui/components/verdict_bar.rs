//! The verdict bar: the answer first. The outcome in one line, the
//! certificate it is about (with a chooser), the unknowns that change it as
//! quick toggles, and the way to the step-by-step reasons.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::status_badge::status_badge;
use crate::server::settings::Browser;
use crate::server::ServerSettings;
use crate::ui::page::ServerReport;
use crate::ui::format;
use crate::ui::state::{VerdictMode, VerdictSubject};
use crate::ui::status::CertRow;

/// Most certificates offered in the chooser (end certificates first).
const CHOOSER_LIMIT: usize = 300;

/// Props of [`VerdictBar`].
#[derive(Properties, PartialEq)]
pub struct VerdictBarProps {
    /// The prediction (`None` when there is none).
    pub server: Option<Rc<ServerReport>>,
    /// The certificates.
    pub rows: Rc<Vec<CertRow>>,
    /// What the verdict is about.
    pub subject: VerdictSubject,
    /// The server settings as the user set them.
    pub settings: ServerSettings,
    /// Settings set from the toggles (kept on offer).
    pub assumed: Vec<String>,
    /// Client / server / automatic.
    pub mode: VerdictMode,
    /// Make the verdict about another certificate (SHA-256).
    pub on_choose: Callback<Option<String>>,
    /// Switch the mode.
    pub on_mode: Callback<VerdictMode>,
    /// A quick toggle: (setting, value or `None` for unknown).
    pub on_assume: Callback<(String, Option<String>)>,
    /// Room for a component shown when only CA certificates were dropped (trust-store audit).
    #[prop_or_default]
    pub children: Html,
    /// The step-by-step reasons are on this page (`#why`); in embed mode they are not.
    #[prop_or(true)]
    pub why_here: bool,
    /// With no certificate: what the drop holds instead and what to do next.
    #[prop_or_default]
    pub no_certificate: Option<&'static str>,
    /// Dropped files of which nothing could be read (their errors are under "Files").
    #[prop_or_default]
    pub unread: Vec<String>,
    /// Files that wait for a password, beside the certificates that were read.
    #[prop_or_default]
    pub locked: Vec<Locked>,
}

/// A file that waits for a password ([`locked_line`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locked {
    /// The file's id (its password box is `#password-{id}`).
    pub id: u32,
    /// Its name.
    pub name: String,
    /// A container (.pfx) still locked, whose certificates and keys are unread; else an
    /// encrypted key, whose certificate is not known.
    pub container: bool,
}

/// Most unread files named in the bar; the rest are counted.
const UNREAD_NAMED: usize = 3;

/// "Could not read 2 files: a.bin, b.der (see Files)": whatever the verdict, a file that gave
/// nothing is said at the top, not only in the files' list further down.
fn unread_line(unread: &[String], link: bool) -> Html {
    if unread.is_empty() {
        return html! {};
    }
    let mut names = unread.iter().take(UNREAD_NAMED).cloned().collect::<Vec<_>>().join(", ");
    if unread.len() > UNREAD_NAMED {
        names.push_str(&format!(" and {} more", unread.len() - UNREAD_NAMED));
    }
    let what = format!("Could not read {}", crate::text::count(unread.len(), "file", "files"));
    html! {
        <p class="verdict-note verdict-unread" data-testid="verdict-unread">
            {format!("{what}: {names}")}
            if link { {" ("}<a href="#files-heading">{"why: see Files"}</a>{")"} }
            {"."}
        </p>
    }
}

/// "ee_client.pfx is password-protected: type its password to read its certificates and
/// keys; they may change this verdict": a locked file beside certificates that were read is
/// said at the top, where the verdict it may change is, with a link to its password box
/// (`link`: the page has one; an embedded view says it without). Encrypted keys alone hold no
/// certificate: "… to open its private key; which certificate it belongs to may change this
/// verdict".
fn locked_line(locked: &[Locked], link: bool) -> Html {
    let Some(first) = locked.first() else { return html! {} };
    let names: Vec<&str> = locked.iter().map(|l| l.name.as_str()).collect();
    let one = locked.len() == 1;
    let (who, its, what) = if one { ("is", "its password", "its") } else { ("are", "their passwords", "their") };
    let purpose = if locked.iter().any(|l| l.container) {
        format!(" to read {what} certificates and keys; they may change this verdict.")
    } else if one {
        " to open its private key; which certificate it belongs to may change this verdict.".to_string()
    } else {
        " to open their private keys; which certificates they belong to may change this verdict.".to_string()
    };
    html! {
        <p class="verdict-note verdict-locked" data-testid="verdict-locked">
            {format!("{} {who} password-protected: ", crate::text::name_a_few(&names, ", "))}
            if link { <a href={format!("#password-{}", first.id)}>{format!("type {its}")}</a> } else { {format!("{its} {who} needed")} }
            {purpose}
        </p>
    }
}

/// The bar.
#[function_component(VerdictBar)]
pub fn verdict_bar(props: &VerdictBarProps) -> Html {
    let subject = &props.subject;
    let chooser = html! { <Chooser rows={props.rows.clone()} current={subject.certificate} ca_only={subject.ca_only} on_choose={props.on_choose.clone()} /> };
    if subject.ca_only {
        let n = props.rows.len();
        return html! {
            <section class="verdict-bar tone-neutral" id="verdict" tabindex="-1" aria-labelledby="verdict-heading" data-testid="verdict-bar">
                <h2 id="verdict-heading" class="visually-hidden">{"Verdict"}</h2>
                <p class="verdict-line" data-testid="server-outcome" data-outcome="ca-certificates">
                    <span class="verdict-headline">{if n == 1 { "This is a CA certificate".to_string() } else { format!("These are {} CA certificates", crate::text::grouped(n)) }}</span>
                </p>
                <p class="verdict-sub">
                    {"There is no end certificate among them, so there is no client or server verdict to give. "}
                    {"Their statuses are in the list below; to check one as if it were presented anyway, choose it here."}
                </p>
                <div class="verdict-meta">{chooser}</div>
                { unread_line(&props.unread, props.why_here) }
                { locked_line(&props.locked, props.why_here) }
                <div class="verdict-slot">{props.children.clone()}</div>
            </section>
        };
    }
    let Some(r) = &props.server else {
        // Certificates without a prediction: a big drop listed, its chains still being checked.
        let (outcome, line, next) = if props.rows.is_empty() {
            ("none", "No certificate to give a verdict on yet", props.no_certificate)
        } else {
            ("waiting", "The verdict comes once the chains are checked\u{2026}", None)
        };
        return html! {
            <section class="verdict-bar tone-neutral" id="verdict" tabindex="-1" aria-labelledby="verdict-heading" data-testid="verdict-bar">
                <h2 id="verdict-heading" class="visually-hidden">{"Verdict"}</h2>
                <p class="verdict-line" data-testid="server-outcome" data-outcome={outcome}>
                    <span class="verdict-headline">{line}</span>
                </p>
                if let Some(next) = next {
                    <p class="verdict-sub" data-testid="verdict-next">{next}</p>
                }
                { unread_line(&props.unread, props.why_here) }
                { locked_line(&props.locked, props.why_here) }
            </section>
        };
    };
    let tone = match format::outcome_is_good(&r.outcome) {
        Some(true) => "tone-good",
        Some(false) => "tone-bad",
        // It depends on what certlens cannot see, but no way it can go is a success ("IIS does
        // not accept it, whatever certlens cannot see"): the bar says so in red, not amber.
        None if !r.outcome_if.is_empty() && r.outcome_if.iter().all(|b| format::outcome_is_good(&b.outcome) != Some(true)) => "tone-bad",
        None => "tone-warn",
    };
    let server_mode = r.mode == "server-certificate";
    let show_code = !server_mode && r.outcome != "depends" && r.outcome != "no-certificate-offered";
    let who = match r.mode.as_str() {
        "server-certificate" => format!("Browsers connecting to {}", subject.host.as_deref().unwrap_or("the site")),
        "trust-store" => "The server's trusted roots".to_string(),
        _ => "IIS, client certificate".to_string(),
    };
    let current = subject.certificate.and_then(|i| props.rows.get(i));
    html! {
        <section class={classes!("verdict-bar", tone)} id="verdict" tabindex="-1" aria-labelledby="verdict-heading" data-testid="verdict-bar">
            <h2 id="verdict-heading" class="visually-hidden">{"Verdict"}</h2>
            <p class="eyebrow">{"Predicted outcome · "}{who}</p>
            <p class="verdict-line" data-testid="server-outcome" data-outcome={r.outcome.clone()} title={r.summary.clone()}>
                if show_code { <span class="verdict-code">{&r.outcome}</span> }
                <span class="verdict-headline">{headline(r, props.settings.browser)}</span>
                if let Some(h) = r.http_status.as_ref().filter(|h| **h != r.outcome) {
                    <span class="verdict-http">{format!("IIS answers {h}")}</span>
                }
            </p>
            <div class="verdict-meta">
                {chooser}
                if let Some(c) = current {
                    <span class="print-only">{format!("About #{} {} ({})", c.index + 1, c.name, c.role().to_ascii_lowercase())}</span>
                }
                if let Some(c) = current {
                    { status_badge(&c.status, false) }
                }
            </div>
            // A server-certificate verdict that assumes what certlens did not see without
            // branching on it (a root that was not dropped): its summary says what.
            if server_mode && r.outcome_if.is_empty() && r.trace.iter().any(|s| s.status == crate::ui::page::StepStatus::Unknown) {
                <p class="verdict-sub" data-testid="verdict-assumes">{&r.summary}</p>
            }
            if let Some(o) = &r.observed {
                <p class="verdict-sub" data-testid="verdict-observed">{o}</p>
            }
            { mode_note(props) }
            { unread_line(&props.unread, props.why_here) }
            { locked_line(&props.locked, props.why_here) }
            <Toggles server={r.clone()} settings={props.settings.clone()} assumed={props.assumed.clone()} on_assume={props.on_assume.clone()} />
            <p class="verdict-why">
                if props.why_here { <a href="#why" data-testid="verdict-why">{"Why: the checks step by step"}</a> }
                if !r.traps.is_empty() {
                    <span class="muted">{format!(" · {}", crate::text::count(r.traps.len(), "known trap applies", "known traps apply"))}</span>
                }
            </p>
        </section>
    }
}

/// The one line: the outcome in words; for `depends`, what it can come to (one clause per
/// outcome). A server certificate's verdict is the chosen browser's: it names that browser when
/// another browser's differs ("Chrome or Edge accepts …" when Firefox would warn), and what it
/// depends on is that browser's branches, not every browser's.
fn headline(r: &ServerReport, browser: Browser) -> String {
    let server_mode = r.mode == "server-certificate";
    if r.outcome != "depends" || r.outcome_if.is_empty() {
        if server_mode && r.outcome_if.iter().any(|b| b.outcome != r.outcome) {
            return format::browser_outcome_title(&r.outcome, browser.name());
        }
        return format::outcome_title(&r.outcome);
    }
    if server_mode {
        let chosen = browser.to_string();
        let of_chosen = |b: &&crate::ui::page::Branch| b.assumes.iter().any(|a| a.setting == "browser" && a.value == chosen);
        let outcomes: Vec<&str> = r.outcome_if.iter().filter(of_chosen).map(|b| b.outcome.as_str()).collect();
        if !outcomes.is_empty() {
            return format::depends_headline(&outcomes, true, Some(browser.name()));
        }
    }
    let outcomes: Vec<&str> = r.outcome_if.iter().map(|b| b.outcome.as_str()).collect();
    format::depends_headline(&outcomes, server_mode, None)
}

/// "Checked as a server certificate because …" and the switch.
fn mode_note(props: &VerdictBarProps) -> Html {
    let subject = &props.subject;
    let server = props.server.as_ref().is_some_and(|r| r.mode == "server-certificate");
    let from_settings = props.settings.host.is_some();
    let on_mode = props.on_mode.clone();
    let switch = move |mode: VerdictMode, text: &'static str| {
        let on_mode = on_mode.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_mode.emit(mode));
        html! { <button type="button" class="quiet" data-testid="verdict-mode" {onclick}>{text}</button> }
    };
    // Offered only where a server verdict can apply: an end certificate whose extended key
    // usage allows server authentication (or that has none), with a host name to check.
    let row = subject.certificate.and_then(|i| props.rows.get(i)).filter(|r| !r.is_ca && r.server_auth);
    let current_allows_server = row.is_some_and(|r| r.host.is_some());
    let server_needs_host = row.is_some_and(|r| r.host.is_none());
    if server && from_settings {
        html! { <p class="verdict-note">{"Checked as a server certificate for the host name set in the server settings."}</p> }
    } else if subject.auto_server {
        html! {
            <p class="verdict-note" data-testid="auto-server-mode">
                {format!("Checked as a server certificate for {}: it is for server authentication only. ", subject.host.as_deref().unwrap_or("its host"))}
                { switch(VerdictMode::Client, "Check it as a client certificate instead") }
            </p>
        }
    } else if server {
        html! { <p class="verdict-note">{"Checked as a server certificate. "}{ switch(VerdictMode::Auto, "Back to the automatic choice") }</p> }
    } else if props.mode == VerdictMode::Client {
        html! { <p class="verdict-note">{"Checked as a client certificate by choice. "}{ switch(VerdictMode::Auto, "Back to the automatic choice") }</p> }
    } else if current_allows_server {
        html! { <p class="verdict-note">{ switch(VerdictMode::Server, "Check it as a server certificate instead") }</p> }
    } else if server_needs_host && props.why_here {
        html! {
            <p class="verdict-note" data-testid="server-needs-host">
                {"It may also serve as a server certificate: to check it as one, type the host name in "}
                <a href="#set-host">{"the server settings"}</a>{"."}
            </p>
        }
    } else {
        html! {}
    }
}

#[derive(Properties, PartialEq)]
struct ChooserProps {
    rows: Rc<Vec<CertRow>>,
    current: Option<usize>,
    ca_only: bool,
    on_choose: Callback<Option<String>>,
}

/// "About: [certificate ▾]".
#[function_component(Chooser)]
fn chooser(props: &ChooserProps) -> Html {
    let rows = props.rows.clone();
    let onchange = {
        let on_choose = props.on_choose.clone();
        let rows = rows.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<HtmlSelectElement>() {
                let v = el.value();
                let sha = v.parse::<usize>().ok().and_then(|i| rows.get(i)).map(|r| r.id.clone());
                on_choose.emit(sha);
            }
        })
    };
    // End certificates first, then CAs, each in report order; at most CHOOSER_LIMIT.
    let mut order: Vec<&CertRow> = rows.iter().filter(|r| !r.is_ca).chain(rows.iter().filter(|r| r.is_ca)).take(CHOOSER_LIMIT).collect();
    if let Some(cur) = props.current.and_then(|i| rows.get(i)) {
        if !order.iter().any(|r| r.index == cur.index) {
            order.push(cur);
        }
    }
    let selected = if props.ca_only { None } else { props.current };
    // Follow the state even after the user changed the select (see SettingSelect).
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(selected, move |selected| {
            if let Some(el) = node.cast::<HtmlSelectElement>() {
                el.set_value(&selected.map(|i| i.to_string()).unwrap_or_default());
            }
        });
    }
    html! {
        <span class="chooser">
            <label for="verdict-cert">{"About"}</label>
            <select id="verdict-cert" data-testid="verdict-chooser" ref={node} {onchange}>
                if props.ca_only {
                    <option value="" selected=true>{"(no end certificate: choose one to check it)"}</option>
                }
                { for order.into_iter().map(|r| html! {
                    <option value={r.index.to_string()} selected={selected == Some(r.index)}>
                        {format!("#{} {} ({}, {})", r.index + 1, r.name, r.role().to_ascii_lowercase(), r.status.kind.word().to_ascii_lowercase())}
                    </option>
                }) }
            </select>
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct TogglesProps {
    server: Rc<ServerReport>,
    settings: ServerSettings,
    assumed: Vec<String>,
    on_assume: Callback<(String, Option<String>)>,
}

/// The unknowns the verdict depends on, each a row of buttons.
#[function_component(Toggles)]
fn toggles(props: &TogglesProps) -> Html {
    let r = &props.server;
    // Settings named by the branches, in order, then those set here before.
    let mut keys: Vec<String> = Vec::new();
    for a in r.outcome_if.iter().flat_map(|b| b.assumes.iter()) {
        if !keys.contains(&a.setting) {
            keys.push(a.setting.clone());
        }
    }
    for k in &props.assumed {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    // Only settings the page can apply.
    keys.retain(|k| props.settings.assumed(k).is_some());
    if keys.is_empty() {
        return html! {};
    }
    html! {
        <div class="toggles" data-testid="verdict-toggles">
            <p class="toggles-head">
                if r.outcome == "depends" { {"Tell certlens what it cannot see:"} } else { {"Assumed:"} }
            </p>
            { for keys.iter().map(|k| toggle(k, props)) }
        </div>
    }
}

fn toggle(key: &str, props: &TogglesProps) -> Html {
    let r = &props.server;
    let defaults = ServerSettings::default();
    let unknown_default = matches!(defaults.assumed(key).as_deref(), Some("unknown" | "auto"));
    let current = props.settings.assumed(key).filter(|v| v != "unknown" && v != "auto");
    let mut values: Vec<String> = Vec::new();
    for a in r.outcome_if.iter().flat_map(|b| b.assumes.iter()).filter(|a| a.setting == key) {
        if !values.contains(&a.value) {
            values.push(a.value.clone());
        }
    }
    if key == "browser" {
        for v in ["chromium", "firefox", "safari"] {
            if !values.iter().any(|x| x == v) {
                values.push(v.into());
            }
        }
    } else if unknown_default {
        for v in ["yes", "no"] {
            if !values.iter().any(|x| x == v) {
                values.push(v.into());
            }
        }
    }
    // What each value leads to, when the branches say so unambiguously: those of this value
    // whose other conditions hold as set now (in server mode, the chosen browser's: Firefox's
    // "no → untrusted" is not Chrome's, which fetches the intermediate).
    let holds_now = |a: &crate::ui::page::Assumption| {
        a.setting == key || props.settings.assumed(&a.setting).is_none_or(|now| now == "unknown" || now == "auto" || now == a.value)
    };
    let leads_to = |value: &str| -> Option<String> {
        let mut outs: Vec<&str> = r
            .outcome_if
            .iter()
            .filter(|b| b.assumes.iter().any(|a| a.setting == key && a.value == value) && b.assumes.iter().all(holds_now))
            .map(|b| b.outcome.as_str())
            .collect();
        outs.dedup();
        match outs.as_slice() {
            [one] => Some(format::outcome_short(one)),
            _ => None,
        }
    };
    let group = format!("toggle-{}", key.replace('.', "-"));
    let hosts = hosts_for(key, r);
    let button = |value: Option<String>, text: String, hint: Option<String>| {
        let pressed = value == current;
        let on_assume = props.on_assume.clone();
        let key = key.to_string();
        let v = value.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_assume.emit((key.clone(), v.clone())));
        html! {
            <button type="button" class={classes!("seg", pressed.then_some("on"))} aria-pressed={if pressed { "true" } else { "false" }}
                data-value={value.clone().unwrap_or_else(|| "unknown".into())} {onclick}>
                {text}
                if let Some(h) = hint { <span class="seg-hint">{format!(" → {h}")}</span> }
            </button>
        }
    };
    html! {
        <div class="toggle" role="group" aria-labelledby={group.clone()} data-setting={key.to_string()}>
            <span class="toggle-label" id={group}>
                {toggle_label(key, r.mode == "server-certificate")}
                if !hosts.is_empty() { <span class="muted">{format!(" ({})", hosts.join(", "))}</span> }
            </span>
            <span class="segments">
                if unknown_default { { button(None, "Not known".into(), None) } }
                { for values.iter().map(|v| button(Some(v.clone()), value_label(v), leads_to(v))) }
            </span>
        </div>
    }
}

/// The hosts a reachability toggle is about (from the revocation step's URLs).
fn hosts_for(key: &str, r: &ServerReport) -> Vec<String> {
    let class = match key {
        "reach.internet" => "internet http",
        "reach.intranet" => "intranet http",
        "reach.ldap" => "LDAP",
        "reach.https" => "https",
        _ => return Vec::new(),
    };
    let mut out: Vec<String> = Vec::new();
    for u in r.trace.iter().flat_map(|s| s.urls.iter()).filter(|u| u.class.eq_ignore_ascii_case(class)) {
        let host = format::url_host(&u.url).map_or_else(|| "the domain's directory".to_string(), str::to_string);
        if !out.contains(&host) {
            out.push(host);
        }
    }
    if out.len() > 3 {
        let more = out.len() - 2;
        out.truncate(2);
        out.push(format!("{more} more"));
    }
    out
}

/// A setting in words; `server_mode`: a server-certificate verdict's, where the missing CA is
/// the intermediate the web server sends, or not, with its certificate.
pub fn toggle_label(key: &str, server_mode: bool) -> String {
    match key {
        "reach.issuer" if server_mode => "The server sends the intermediate CA certificate".into(),
        "private-key" => "Private key in the user's store".into(),
        "reach.internet" => "The server can reach the CRL hosts on the internet".into(),
        "reach.intranet" => "The server can reach the intranet CRL hosts".into(),
        "reach.ldap" => "The server can reach LDAP (a domain controller)".into(),
        "reach.https" => "The server can reach the https:// CRL hosts".into(),
        "reach.crl-cache" => "The CRLs are already in the server's cache".into(),
        "reach.issuer" => "The server has the missing CA certificate (or can download it)".into(),
        "browser" => "Browser".into(),
        other => {
            let words = other.replace(['.', '-', '_'], " ");
            let mut c = words.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        }
    }
}

fn value_label(v: &str) -> String {
    match v {
        "yes" => "Yes".into(),
        "no" => "No".into(),
        "chromium" => "Chrome / Edge".into(),
        "firefox" => "Firefox".into(),
        "safari" => "Safari".into(),
        other => other.replace('-', " "),
    }
}
