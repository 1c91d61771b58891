//! Kernel error numbers, as netlink and syscalls report them.
//!
//! Operations on the simulated kernel fail with an [`Errno`]; tools turn it
//! into their own wording (`RTNETLINK answers: File exists`,
//! `Error: Nexthop has invalid gateway.`, `iptables: …`). Some netlink errors
//! carry an extended-ack message, which newer iproute2 prints as
//! `Error: <msg>.` instead of the strerror text: [`KernelError`] keeps both.

use std::fmt;

/// A subset of Linux errno values that the modelled operations can return.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Errno {
    EPERM,
    ENOENT,
    ESRCH,
    EIO,
    EBUSY,
    EEXIST,
    ENODEV,
    EINVAL,
    ENOSPC,
    ERANGE,
    ENOBUFS,
    EOPNOTSUPP,
    EADDRINUSE,
    EADDRNOTAVAIL,
    ENETUNREACH,
    EHOSTUNREACH,
    ENETDOWN,
    ECONNREFUSED,
    ECONNRESET,
    EPIPE,
    EMSGSIZE,
    EACCES,
    ETIMEDOUT,
    ELOOP,
    ENOTEMPTY,
    EMLINK,
    EAFNOSUPPORT,
    ENOPROTOOPT,
    EHOSTDOWN,
    ENONET,
}

impl Errno {
    /// `strerror(errno)` as glibc prints it.
    pub fn strerror(self) -> &'static str {
        match self {
            Errno::EPERM => "Operation not permitted",
            Errno::ENOENT => "No such file or directory",
            Errno::ESRCH => "No such process",
            Errno::EIO => "Input/output error",
            Errno::EBUSY => "Device or resource busy",
            Errno::EEXIST => "File exists",
            Errno::ENODEV => "No such device",
            Errno::EINVAL => "Invalid argument",
            Errno::ENOSPC => "No space left on device",
            Errno::ERANGE => "Numerical result out of range",
            Errno::ENOBUFS => "No buffer space available",
            Errno::EOPNOTSUPP => "Operation not supported",
            Errno::EADDRINUSE => "Address already in use",
            Errno::EADDRNOTAVAIL => "Cannot assign requested address",
            Errno::ENETUNREACH => "Network is unreachable",
            Errno::EHOSTUNREACH => "No route to host",
            Errno::ENETDOWN => "Network is down",
            Errno::ECONNREFUSED => "Connection refused",
            Errno::ECONNRESET => "Connection reset by peer",
            Errno::EPIPE => "Broken pipe",
            Errno::EMSGSIZE => "Message too long",
            Errno::EACCES => "Permission denied",
            Errno::ETIMEDOUT => "Connection timed out",
            Errno::ELOOP => "Too many levels of symbolic links",
            Errno::ENOTEMPTY => "Directory not empty",
            Errno::EMLINK => "Too many links",
            Errno::EAFNOSUPPORT => "Address family not supported by protocol",
            Errno::ENOPROTOOPT => "Protocol not available",
            Errno::EHOSTDOWN => "Host is down",
            Errno::ENONET => "Machine is not on the network",
        }
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.strerror())
    }
}

/// An error from a kernel operation: the errno, and the netlink extended-ack
/// message when the real kernel attaches one (iproute2 then prints
/// `Error: <msg>.` rather than `RTNETLINK answers: <strerror>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelError {
    pub errno: Errno,
    pub extack: Option<&'static str>,
}

impl KernelError {
    pub fn new(errno: Errno) -> Self {
        KernelError { errno, extack: None }
    }
    pub fn with_msg(errno: Errno, msg: &'static str) -> Self {
        KernelError { errno, extack: Some(msg) }
    }
}

impl From<Errno> for KernelError {
    fn from(e: Errno) -> Self {
        KernelError::new(e)
    }
}

impl fmt::Display for KernelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.extack {
            Some(m) => write!(f, "Error: {m}."),
            None => write!(f, "RTNETLINK answers: {}", self.errno),
        }
    }
}

pub type KResult<T> = Result<T, KernelError>;
