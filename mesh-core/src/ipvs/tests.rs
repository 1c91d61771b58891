//! Behaviour tests of the IPVS model: schedulers, connections, control
//! plane.
