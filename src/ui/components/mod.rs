//! One component per file; each gets props and callbacks, none holds global state.

pub mod cert_card;
pub mod copy_button;
pub mod diagnostics;
pub mod drop_zone;
pub mod eval_time;
pub mod field_row;
pub mod file_list;
pub mod file_picker;
pub mod paste_box;
pub mod status_badge;
pub mod url_list;
