//! Empty: this package only carries the test target `wasm_core` (see Cargo.toml).
