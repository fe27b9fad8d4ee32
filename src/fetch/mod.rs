//! Fetching from Loki over the transport: the one pager (range and instant
//! queries), parallel export, metadata, index and delete endpoints. Returns
//! decoded data or feeds a [`Sink`](crate::core::Sink); never prints.

pub mod delete;
pub mod export;
pub mod index;
pub mod meta;
pub mod pager;

pub use pager::{feed, instant, pages, Answer, InstantQuery, Outcome, Page, PageQuery};
