//! The report's words: how kinds, actions, targets, codes and resources are named.

use super::*;

/// What the traffic of this kind is counted in.
pub(super) fn noun(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::WebsocketApi => "messages",
        _ => "requests",
    }
}

pub(super) fn action_label(action: Action) -> &'static str {
    match action {
        Action::Keep => "Keep",
        Action::Migrate => "Migrate",
        Action::FrontWithApi => "Front with an API",
        Action::Consolidate => "Consolidate",
        Action::Decommission => "Decommission",
        Action::Review => "Review",
    }
}

/// Actions in the order a reader acts on them: money first, no-ops last.
pub(super) const ACTION_ORDER: [Action; 6] = [
    Action::Migrate,
    Action::Consolidate,
    Action::Decommission,
    Action::FrontWithApi,
    Action::Review,
    Action::Keep,
];

pub(super) fn action_rank(action: Action) -> usize {
    ACTION_ORDER
        .iter()
        .position(|a| *a == action)
        .unwrap_or(ACTION_ORDER.len())
}

pub(super) fn target_label(t: Option<Target>) -> &'static str {
    t.map_or("–", Target::label)
}

/// `Migrate to HTTP API`, `Consolidate onto another ALB`, `Keep`.
pub(super) fn action_phrase(rec: &Recommendation) -> String {
    match (rec.action, rec.target) {
        (Action::Migrate, Some(t)) => format!("Migrate to {}", t.label()),
        (Action::FrontWithApi, Some(t)) => format!("Front with a {}", t.label()),
        (Action::Consolidate, _) => "Consolidate onto another ALB".to_owned(),
        (Action::Review, Some(t)) => format!("Review a move to {}", t.label()),
        (a, _) => action_label(a).to_owned(),
    }
}

pub(super) fn resource_title(names: &Names, r: &ResourceAnalysis) -> String {
    format!(
        "{} ({}, {})",
        names.shown(r),
        r.kind.label(),
        name(&r.region)
    )
}

/// How the report names resources, worked out once: a report of ten thousand resources
/// cannot look for namesakes among all of them for every row.
#[derive(Default)]
pub(super) struct Names {
    /// (region, name) pairs that more than one resource has.
    shared: std::collections::HashSet<(String, String)>,
    /// id → shown name.
    by_id: HashMap<String, String>,
}

impl Names {
    pub(super) fn new(a: &Analysis) -> Names {
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for r in &a.resources {
            *seen.entry((&r.region, &r.name)).or_default() += 1;
        }
        let shared = seen
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|((region, n), _)| (region.to_owned(), n.to_owned()))
            .collect();
        let mut names = Names {
            shared,
            by_id: HashMap::new(),
        };
        for r in &a.resources {
            let shown = names.shown(r);
            names.by_id.entry(r.id.clone()).or_insert(shown);
        }
        names
    }

    /// The name, and where another resource of the region has the same one (REST APIs
    /// often do), the short id that tells them apart.
    pub(super) fn shown(&self, r: &ResourceAnalysis) -> String {
        if self.shared.contains(&(r.region.clone(), r.name.clone())) {
            format!("{} · {}", name(&r.name), name(short_id(&r.id)))
        } else {
            name(&r.name)
        }
    }

    /// A resource named by id in a note or a gap: its shown name when the report has it.
    pub(super) fn by_id(&self, id: &str) -> String {
        self.by_id.get(id).cloned().unwrap_or_else(|| name(id))
    }
}

/// A resource named by id outside the per-resource sections (the reconciliation): its shown
/// name when the report has it.
pub(super) fn resource_ref(a: &Analysis, id: &str) -> String {
    Names::new(a).by_id(id)
}

/// An API id as it is; an ARN's last path segment (an ALB's unique suffix).
pub(super) fn short_id(id: &str) -> &str {
    if id.starts_with("arn:") {
        id.rsplit('/').next().unwrap_or(id)
    } else {
        id
    }
}
