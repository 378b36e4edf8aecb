//! Expected server behaviour (IIS / HTTP.sys / Schannel).
