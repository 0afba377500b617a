//! The pages, one module each.

pub mod admin;
pub mod application;
pub mod audit;
pub mod dashboard;
pub mod import;
pub mod kpi;
pub mod login;
pub mod meeting;
pub mod not_found;
pub mod outbox;
pub mod print;
pub mod schedule;
pub mod settings;
pub mod survey;
pub mod tickets;
pub mod waiting;
