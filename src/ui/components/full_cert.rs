//! A certificate in full for a card or the mapping helper. Below
//! [`crate::ui::work::THIN_ABOVE`] certificates the page has them in full already; above,
//! the page holds summaries and asks the worker for the one that is opened.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::page::CertificateReport;
use crate::ui::bridge;
use crate::ui::work::Task;

/// The certificate `cert` in full: at once when the page has it (`thin` false), else once
/// the worker answered; `Err` says why not (empty while it is on its way).
#[hook]
pub fn use_full_cert(cert: Option<&CertificateReport>, thin: bool) -> Result<Rc<CertificateReport>, String> {
    let fetched = use_state(|| None::<(String, Result<Rc<CertificateReport>, String>)>);
    let sha = cert.map(|c| c.view.sha256.clone()).unwrap_or_default();
    {
        let fetched = fetched.clone();
        use_effect_with((sha.clone(), thin), move |(sha, thin)| {
            if *thin && !sha.is_empty() {
                let sha = sha.clone();
                bridge::ask(&Task::Certificate { sha256: sha.clone() }, move |answer| {
                    let full = answer.decode::<CertificateReport>().map(Rc::new);
                    fetched.set(Some((sha, full)));
                });
            }
        });
    }
    match (cert, &*fetched) {
        (None, _) => Err(String::new()),
        (Some(c), _) if !thin => Ok(Rc::new(c.clone())),
        (Some(_), Some((s, full))) if *s == sha => full.clone(),
        _ => Err(String::new()),
    }
}

/// Props of [`FullCert`].
#[derive(Properties, PartialEq)]
pub struct FullCertProps {
    /// The certificate (a summary when `thin`).
    pub cert: CertificateReport,
    /// The page holds summaries.
    pub thin: bool,
    /// What to show with the certificate in full.
    pub render: Callback<Rc<CertificateReport>, Html>,
}

/// `render` of the certificate in full, "Loading…" meanwhile.
#[function_component(FullCert)]
pub fn full_cert(props: &FullCertProps) -> Html {
    match use_full_cert(Some(&props.cert), props.thin) {
        Ok(full) => props.render.emit(full),
        Err(why) if why.is_empty() => html! { <p class="muted small" role="status" data-testid="card-loading">{"Loading the details\u{2026}"}</p> },
        Err(why) => html! { <p class="warn-text small" role="status">{format!("The details could not be shown: {why}.")}</p> },
    }
}
