//! The netfilter hook glue: where the datapath calls netfilter, conntrack,
//! NAT and IPVS. (Until those subsystems land every hook accepts.)

use super::Skb;
use crate::kernel::{DevId, Kernel, NetnsId};
use crate::net::Hook;

/// A packet's conntrack entry, as the skb carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SkbCt {
    pub id: u32,
    pub dir: crate::net::CtDir,
}

/// What a hook decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HookVerdict {
    Accept,
    Drop,
    /// Taken over (IPVS re-sends it itself).
    Stolen,
}

impl Kernel {
    /// Run every table registered at `hook` for `skb` in `ns`.
    pub(crate) fn nf_hook(&mut self, ns: NetnsId, hook: Hook, skb: &mut Skb, in_dev: Option<DevId>, out_dev: Option<DevId>, physdev: Option<DevId>) -> HookVerdict {
        let _ = (ns, hook, skb, in_dev, out_dev, physdev);
        HookVerdict::Accept
    }
}
