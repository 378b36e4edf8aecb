//! The certlens web app (Yew), built by trunk for wasm32.

// The page's allocator: talc instead of Rust's default for wasm32 (dlmalloc), 2.7 KB less
// gzip on the first visit for the same speed on the page's small allocations. The analysis
// worker keeps dlmalloc: its big drops were slower with talc (docs/performance.md).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    certlens::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("certlens-web is the browser app: run ./x serve");
}
