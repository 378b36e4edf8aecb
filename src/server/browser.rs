//! Server-certificate mode: what browsers do with a server certificate for a host name.
