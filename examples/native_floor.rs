//! Where the time of `certlens --json` goes, and the floors under it:
//!
//!     cargo run --profile native --example native_floor -- BUNDLE.pem...
//!
//! Prints, for the PEM files given (one analysis of all of them, like the CLI):
//! reading the files; the floor of decoding alone (PEM split and base64, then
//! x509-parser parsing each certificate and nothing else); `certlens::analyze`
//! (every stage, the whole report held); writing that report as pretty JSON to a
//! sink (no I/O: serde_json's own cost, and the bytes written). Wall time of one run
//! each, and the CPU time of the thread (Linux: /proc/thread-self/schedstat), which a busy
//! machine disturbs less.

use std::time::Instant;

/// A writer that only counts.
struct Count(u64);

impl std::io::Write for Count {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Wall and CPU milliseconds since a start.
struct Clock(Instant, f64);

fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|ns| ns.parse::<f64>().ok()))
        .map_or(f64::NAN, |ns| ns / 1e6)
}

fn start() -> Clock {
    Clock(Instant::now(), cpu_ms())
}

fn ms(c: Clock) -> (f64, f64) {
    (c.0.elapsed().as_secs_f64() * 1000.0, cpu_ms() - c.1)
}

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: native_floor BUNDLE.pem...");
        std::process::exit(2);
    }
    let t = start();
    let files: Vec<certlens::InputFile> = paths
        .iter()
        .map(|p| match std::fs::read(p) {
            Ok(b) => certlens::InputFile::new(p.clone(), b),
            Err(e) => {
                eprintln!("{p}: {e}");
                std::process::exit(2);
            }
        })
        .collect();
    let read_ms = ms(t);

    // Floor: PEM → DER → x509-parser, nothing kept.
    let t = start();
    let mut parsed = 0usize;
    for f in &files {
        let text = String::from_utf8_lossy(&f.bytes);
        for block in certlens::input::pem::pem_blocks(&text) {
            if let Ok(der) = &block.decoded {
                use x509_parser::prelude::FromDer as _;
                if x509_parser::certificate::X509Certificate::from_der(der).is_ok() {
                    parsed += 1;
                }
            }
        }
    }
    let parse_ms = ms(t);

    let t = start();
    let report = certlens::analyze(&files, &certlens::Options::at(1_795_392_000));
    let analyze_ms = ms(t);

    let t = start();
    let mut sink = std::io::BufWriter::with_capacity(1 << 16, Count(0));
    if let Err(e) = serde_json::to_writer_pretty(&mut sink, &report) {
        eprintln!("cannot serialise: {e}");
        std::process::exit(1);
    }
    let json_ms = ms(t);
    let bytes = sink.into_inner().map(|c| c.0).unwrap_or(0);

    println!("certificates: {} parsed, {} in the report (wall / CPU ms)", parsed, report.certificates.len());
    let line = |what: &str, (wall, cpu): (f64, f64)| println!("{what:<36}{wall:8.1} {cpu:8.1}");
    line("read files", read_ms);
    line("floor: PEM + base64 + x509-parser", parse_ms);
    line("certlens::analyze (whole report)", analyze_ms);
    line("pretty JSON to a sink", json_ms);
    println!("JSON: {bytes} bytes, {:.0} MB/s of CPU", bytes as f64 / 1e6 / (json_ms.1 / 1000.0));
    // The process ends next; freeing the report is not part of any figure.
    std::mem::forget(report);
}
