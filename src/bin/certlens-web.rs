//! The certlens web app (Yew), built by trunk for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    certlens::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("certlens-web is the browser app: run ./x serve");
}
