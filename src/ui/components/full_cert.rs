//! A certificate in full for a card or the mapping helper. Below
//! [`crate::ui::work::THIN_ABOVE`] certificates the page has them in full already; above,
//! the page holds summaries and asks the worker for the one that is opened.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::page::{CertificateReport, PageReport};
use crate::ui::bridge;
use crate::ui::work::Task;

/// A certificate in full, shared, never copied: in the page's report (a few hundred
/// certificates), or as the worker sent it (summaries).
#[derive(Clone, Debug)]
pub enum Full {
    /// Certificate `.1` of the report.
    InReport(Rc<PageReport>, usize),
    /// Fetched from the worker.
    Fetched(Rc<CertificateReport>),
}

impl Full {
    /// The certificate.
    pub fn get(&self) -> Option<&CertificateReport> {
        match self {
            Full::InReport(report, i) => report.certificates.get(*i),
            Full::Fetched(c) => Some(c),
        }
    }
}

impl PartialEq for Full {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Full::InReport(a, i), Full::InReport(b, j)) => Rc::ptr_eq(a, b) && i == j,
            (Full::Fetched(a), Full::Fetched(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Certificate `index` of `report` in full: at once when the page has it (`thin` false),
/// else once the worker answered; `Err` says why not (empty while it is on its way).
#[hook]
pub fn use_full_cert(report: &Rc<PageReport>, index: Option<usize>, thin: bool) -> Result<Full, String> {
    let fetched = use_state(|| None::<(String, Result<Rc<CertificateReport>, String>)>);
    let cert = index.and_then(|i| report.certificates.get(i));
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
    match (cert, index, &*fetched) {
        (Some(_), Some(i), _) if !thin => Ok(Full::InReport(report.clone(), i)),
        (Some(_), _, Some((s, full))) if *s == sha => full.clone().map(Full::Fetched),
        _ => Err(String::new()),
    }
}

/// Props of [`FullCert`].
#[derive(Properties, PartialEq)]
pub struct FullCertProps {
    /// The report (its certificates are summaries when `thin`).
    pub report: Rc<PageReport>,
    /// The certificate.
    pub index: usize,
    /// The page holds summaries.
    pub thin: bool,
    /// What to show with the certificate in full.
    pub render: Callback<Full, Html>,
}

/// `render` of the certificate in full, "Loading…" meanwhile.
#[function_component(FullCert)]
pub fn full_cert(props: &FullCertProps) -> Html {
    match use_full_cert(&props.report, Some(props.index), props.thin) {
        Ok(full) => props.render.emit(full),
        Err(why) if why.is_empty() => html! { <p class="muted small" role="status" data-testid="card-loading">{"Loading the details\u{2026}"}</p> },
        Err(why) => html! { <p class="warn-text small" role="status">{format!("The details could not be shown: {why}.")}</p> },
    }
}
