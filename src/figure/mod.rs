//! Figures and the datasets that hold them: an [`Observation`](crate::Observation) is one
//! figure, a [`Value`](crate::Value) what it says, a [`Dataset`](crate::Dataset) many figures checked
//! against a calendar and a catalogue, and a [`PublishedTotal`](crate::PublishedTotal) a figure
//! as a report printed it.

pub(crate) mod dataset;
pub(crate) mod observation;
pub(crate) mod published;
pub(crate) mod value;
