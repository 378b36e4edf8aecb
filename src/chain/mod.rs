//! Chain building, signature verification and path validation.
