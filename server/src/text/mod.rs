//! Pure text rules for what readers write and what the tools print: Unicode
//! normalisation, invisible and direction-changing characters, combining-mark caps, and
//! escaping for terminals. No I/O.

mod escape;
mod policy;

pub use escape::terminal_safe;
pub use policy::{clean, Field, Problem, MAX_MARKS};
