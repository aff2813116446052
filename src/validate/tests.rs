//! Laws of a validation run as a whole.
