//! The mesh backend: scenario steps run in the mesh simulator.

use mesh_core::shell::Session;

use crate::{Backend, Output};

/// One simulated host, fresh for each scenario.
pub struct MeshBackend {
    session: Session,
}

impl MeshBackend {
    /// The same seed gives the same run: ephemeral ports, random MACs and
    /// every other draw come from it.
    pub fn new(seed: u64) -> MeshBackend {
        MeshBackend { session: Session::bare_host(seed) }
    }
}

impl Backend for MeshBackend {
    fn run(&mut self, command: &str) -> Output {
        // `Output` is `mesh_core::output::CmdOutput`: no conversion.
        self.session.run(command)
    }
}
