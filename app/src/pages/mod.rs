//! The pages, one module each.

pub mod application;
pub mod dashboard;
pub mod import;
pub mod not_found;
