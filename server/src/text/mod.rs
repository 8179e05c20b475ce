//! Pure text rules for what readers write and what the tools print: Unicode
//! normalisation, invisible and direction-changing characters, combining-mark caps,
//! escaping for terminals, and confusable skeletons for the impersonation check. No I/O.

mod escape;
mod policy;
pub mod skeleton;

pub use escape::terminal_safe;
pub use policy::{clean, Field, Problem, MAX_MARKS};
