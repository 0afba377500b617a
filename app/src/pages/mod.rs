//! The pages, one module each.

pub mod admin;
pub mod application;
pub mod audit;
pub mod dashboard;
pub mod import;
pub mod login;
pub mod not_found;
