//! The browser lab's entry point (run by the generated JavaScript's `init()`).

fn main() {
    mesh_web::start();
}
