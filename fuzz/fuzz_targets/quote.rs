//! Command quoting: for any value, each shell's quoting either refuses it or
//! produces a word that reads back as exactly that value (sh: a simple
//! single-quote parser; PowerShell: its single-quoted string rule; cmd.exe:
//! nothing cmd or PowerShell would interpret).
#![no_main]
use certlens::command::{powershell_unquote, quote, sh_unquote, Shell, CMD_REFUSED};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = std::str::from_utf8(data) else { return };
    if let Ok(q) = quote(Shell::Sh, value, false) {
        assert_eq!(sh_unquote(&q).as_deref(), Some(value), "sh: {value:?} -> {q}");
    }
    for native in [false, true] {
        if let Ok(q) = quote(Shell::PowerShell, value, native) {
            assert_eq!(powershell_unquote(&q).as_deref(), Some(value), "PowerShell: {value:?} -> {q}");
        }
    }
    if let Ok(q) = quote(Shell::Cmd, value, false) {
        let inner = q.strip_prefix('"').and_then(|w| w.strip_suffix('"')).unwrap_or(&q);
        assert_eq!(inner, value, "cmd: {value:?} -> {q}");
        assert!(!inner.contains(CMD_REFUSED) && inner.chars().all(|c| c.is_ascii() && !c.is_ascii_control()), "cmd: {q}");
        assert!(!inner.ends_with('\\'), "cmd: {q}");
    }
});
