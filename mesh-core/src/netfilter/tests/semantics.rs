//! Rule-walk semantics with hand-made packets.
