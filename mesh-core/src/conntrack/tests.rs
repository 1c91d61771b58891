//! Behaviour tests against real captures.
