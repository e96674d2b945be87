//! The inventory and usage types every stage shares. No AWS SDK types here: the snapshot is
//! our own stable, versioned format, re-readable long after the SDK has moved on.

mod alb;
mod api;
pub mod metric;
pub mod resources_read;
mod snapshot;
mod usage;
pub mod validate;
mod vpce;

pub use alb::*;
pub use api::*;
pub use snapshot::*;
pub use usage::*;
pub use vpce::*;
