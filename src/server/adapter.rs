//! Adapter: builds [`super::facts::ClientFacts`] from a report.
