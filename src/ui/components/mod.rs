//! One component per file; each gets props and callbacks, none holds global state.

pub mod asn1_view;
pub mod cert_card;
pub mod cert_list;
pub mod container_view;
pub mod copy_button;
pub mod diagnostics;
pub mod drop_zone;
pub mod eval_time;
pub mod field_row;
pub mod file_list;
pub mod file_picker;
pub mod full_cert;
pub mod hierarchy_view;
pub mod later;
pub mod mapping_helper;
pub mod link_notice;
pub mod password_prompt;
pub mod paste_box;
pub mod server_settings;
pub mod server_verdict;
pub mod setting_select;
pub mod share_panel;
pub mod status_badge;
pub mod trust_store_audit;
pub mod url_list;
pub mod verdict_bar;
