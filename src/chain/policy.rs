//! Certificate policy processing (RFC 5280 section 6.1.3 (d)-(f), 6.1.4 (a)-(j),
//! 6.1.5), with the default inputs: initial policy set any-policy, explicit
//! policy not required, mapping and any-policy not inhibited. Qualifiers are
//! not kept. The tree is bounded: at most [`MAX_NODES`] nodes.

use std::collections::BTreeSet;

use super::cert::Cert;

/// anyPolicy.
pub const ANY_POLICY: &str = "2.5.29.32.0";
/// Policy tree nodes kept, at most (hostile mappings cannot blow it up).
pub const MAX_NODES: usize = 2_000;

#[derive(Clone, Debug)]
struct Node {
    policy: String,
    expected: BTreeSet<String>,
    parent: Option<usize>,
}

/// Why policy processing failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyFailure {
    /// A CA requires an explicit policy and no policy is valid for the whole path.
    ExplicitPolicyRequired {
        /// Position (in the top-down list) of the certificate where it failed.
        at: usize,
    },
    /// A policy mapping maps to or from anyPolicy (forbidden).
    MappingWithAnyPolicy {
        /// Position (top-down) of the certificate with the mapping.
        at: usize,
    },
}

/// The result: the policies valid for the path (empty when none), or a failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyResult {
    /// Valid policies of the leaf level (`2.5.29.32.0` when any policy).
    pub valid: Vec<String>,
    /// The failure, if any.
    pub failure: Option<PolicyFailure>,
    /// The tree reached [`MAX_NODES`] and was cut: the result may miss policies.
    pub truncated: bool,
}

/// Process `path`: certificates top-down, the trust anchor excluded.
pub fn process(path: &[&Cert]) -> PolicyResult {
    let n = path.len();
    let big = n.saturating_add(1);
    let (mut explicit, mut mapping, mut inhibit_any) = (big, big, big);
    // levels[d] holds the nodes at depth d.
    let mut levels: Vec<Vec<Node>> = vec![vec![Node { policy: ANY_POLICY.into(), expected: [ANY_POLICY.to_string()].into(), parent: None }]];
    let mut null = false;
    let mut count = 1usize;
    let mut truncated = false;
    for (pos, c) in path.iter().enumerate() {
        let i = pos + 1;
        let last = i == n;
        // (d) / (e)
        match (&c.policies, null) {
            (Some(policies), false) => {
                let prev = levels.last().cloned().unwrap_or_default();
                let mut next: Vec<Node> = Vec::new();
                for p in policies.iter().filter(|p| *p != ANY_POLICY) {
                    let mut matched = false;
                    for (k, node) in prev.iter().enumerate() {
                        if node.expected.contains(p) {
                            next.push(Node { policy: p.clone(), expected: [p.clone()].into(), parent: Some(k) });
                            matched = true;
                        }
                    }
                    if !matched {
                        for (k, node) in prev.iter().enumerate() {
                            if node.policy == ANY_POLICY {
                                next.push(Node { policy: p.clone(), expected: [p.clone()].into(), parent: Some(k) });
                            }
                        }
                    }
                }
                if policies.iter().any(|p| p == ANY_POLICY) && (inhibit_any > 0 || (!last && c.self_issued)) {
                    for (k, node) in prev.iter().enumerate() {
                        for e in &node.expected {
                            if !next.iter().any(|x| x.parent == Some(k) && &x.policy == e) {
                                next.push(Node { policy: e.clone(), expected: [e.clone()].into(), parent: Some(k) });
                            }
                        }
                    }
                }
                // The whole tree stays within MAX_NODES nodes: a level takes what is left.
                let room = MAX_NODES.saturating_sub(count);
                if next.len() > room {
                    next.truncate(room);
                    truncated = true;
                }
                count = count.saturating_add(next.len());
                levels.push(next);
                prune(&mut levels);
                if levels.first().is_none_or(Vec::is_empty) {
                    null = true;
                }
            }
            _ => null = true,
        }
        // (f)
        if explicit == 0 && null {
            return PolicyResult { valid: Vec::new(), failure: Some(PolicyFailure::ExplicitPolicyRequired { at: pos }), truncated };
        }
        if last {
            break;
        }
        // 6.1.4 (a), (b): policy mappings.
        let rare = c.rare();
        if rare.policy_mappings.iter().any(|(a, b)| a == ANY_POLICY || b == ANY_POLICY) {
            return PolicyResult { valid: Vec::new(), failure: Some(PolicyFailure::MappingWithAnyPolicy { at: pos }), truncated };
        }
        if !null && !rare.policy_mappings.is_empty() {
            let issuer_policies: BTreeSet<&String> = rare.policy_mappings.iter().map(|(a, _)| a).collect();
            if let Some(level) = levels.last_mut() {
                for idp in issuer_policies {
                    let targets: BTreeSet<String> = rare.policy_mappings.iter().filter(|(a, _)| a == idp).map(|(_, b)| b.clone()).collect();
                    if mapping > 0 {
                        let mut found = false;
                        for node in level.iter_mut().filter(|x| &x.policy == idp) {
                            node.expected = targets.clone();
                            found = true;
                        }
                        if !found {
                            if let Some(any_parent) = level.iter().find(|x| x.policy == ANY_POLICY).map(|x| x.parent) {
                                if count < MAX_NODES {
                                    level.push(Node { policy: idp.clone(), expected: targets.clone(), parent: any_parent });
                                    count += 1;
                                } else {
                                    truncated = true;
                                }
                            }
                        }
                    } else {
                        level.retain(|x| &x.policy != idp);
                    }
                }
            }
            prune(&mut levels);
            if levels.first().is_none_or(Vec::is_empty) {
                null = true;
            }
        }
        // (h)
        if !c.self_issued {
            explicit = explicit.saturating_sub(1);
            mapping = mapping.saturating_sub(1);
            inhibit_any = inhibit_any.saturating_sub(1);
        }
        // (i), (j)
        if let Some(r) = rare.require_explicit_policy {
            explicit = explicit.min(usize::try_from(r).unwrap_or(usize::MAX));
        }
        if let Some(m) = rare.inhibit_policy_mapping {
            mapping = mapping.min(usize::try_from(m).unwrap_or(usize::MAX));
        }
        if let Some(s) = rare.inhibit_any_policy {
            inhibit_any = inhibit_any.min(usize::try_from(s).unwrap_or(usize::MAX));
        }
    }
    // 6.1.5 (a), (b)
    explicit = explicit.saturating_sub(1);
    if path.last().is_some_and(|c| c.rare().require_explicit_policy == Some(0)) {
        explicit = 0;
    }
    let valid: Vec<String> = if null { Vec::new() } else { levels.last().map(|l| l.iter().map(|x| x.policy.clone()).collect()).unwrap_or_default() };
    if explicit == 0 && valid.is_empty() {
        return PolicyResult { valid, failure: Some(PolicyFailure::ExplicitPolicyRequired { at: n.saturating_sub(1) }), truncated };
    }
    PolicyResult { valid, failure: None, truncated }
}

/// Remove nodes without children below the last level, bottom up; the
/// parents of later levels are re-indexed.
fn prune(levels: &mut [Vec<Node>]) {
    for d in (0..levels.len().saturating_sub(1)).rev() {
        let (upper, lower) = levels.split_at_mut(d + 1);
        let (Some(parents), Some(children)) = (upper.last_mut(), lower.first_mut()) else { continue };
        let keep: Vec<bool> = (0..parents.len()).map(|k| children.iter().any(|c| c.parent == Some(k))).collect();
        let mut new_index = vec![None; parents.len()];
        let mut kept = Vec::new();
        for (k, node) in parents.drain(..).enumerate() {
            if keep.get(k).copied().unwrap_or(false) {
                if let Some(slot) = new_index.get_mut(k) {
                    *slot = Some(kept.len());
                }
                kept.push(node);
            }
        }
        *parents = kept;
        for c in children.iter_mut() {
            c.parent = c.parent.and_then(|p| new_index.get(p).copied().flatten());
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// 50 policies each mapped to 50 others, then anyPolicy: 2,500 leaves would be
    /// needed; the tree stops at MAX_NODES and says so.
    #[test]
    fn the_node_limit_cuts_and_says_so() {
        let base = Cert::parse(0, include_bytes!("../../tests/fixtures/chain/int_ca.der")).unwrap();
        let p = |i: usize| format!("1.3.6.1.4.1.55555.7.{i}");
        let q = |i: usize| format!("1.3.6.1.4.1.55555.8.{i}");
        let mut a = base.clone();
        a.self_issued = false;
        a.policies = Some((0..50).map(p).collect());
        a.rare_mut().policy_mappings = (0..50).flat_map(|i| (0..50).map(move |j| (p(i), q(j)))).collect();
        let mut b = base;
        b.self_issued = false;
        b.policies = Some(vec![ANY_POLICY.to_string()].into());
        let r = process(&[&a, &b]);
        assert!(r.truncated);
        assert!(r.valid.len() < MAX_NODES);
        let small = process(&[&b]);
        assert!(!small.truncated);
    }
}
