//! Data-quality notes the analysis writes about resources: the one constructor every part of
//! the analysis uses, and the notes for resources CloudWatch had no datapoint for.

use std::collections::BTreeMap;

use super::usage::Traffic;
use crate::model::{DataNote, NoteCode, Resource, Snapshot};

/// One note per account and region listing the resources CloudWatch had no datapoint for.
pub(super) fn no_metrics_notes(snapshot: &Snapshot, traffic: &[Traffic]) -> Vec<DataNote> {
    let mut silent: BTreeMap<(&str, &str), Vec<&Resource>> = BTreeMap::new();
    for (r, v) in snapshot.resources.iter().zip(traffic) {
        if !v.has_data {
            silent
                .entry((&r.account_id, &r.region))
                .or_default()
                .push(r);
        }
    }
    silent
        .into_iter()
        .map(|((account, region), rs)| {
            const SHOWN: usize = 10;
            let mut names: Vec<&str> = rs.iter().take(SHOWN).map(|r| r.name.as_str()).collect();
            if rs.len() > SHOWN {
                names.push("…");
            }
            DataNote {
                code: NoteCode::NoMetrics,
                account_id: account.to_owned(),
                region: region.to_owned(),
                detail: format!(
                    "{} resource(s) had no CloudWatch datapoint in the window and count as idle: {}",
                    rs.len(),
                    names.join(", ")
                ),
                resources: rs.iter().map(|r| r.id.clone()).collect(),
            }
        })
        .collect()
}

pub(super) fn note(r: &Resource, code: NoteCode, detail: String) -> DataNote {
    DataNote {
        code,
        account_id: r.account_id.clone(),
        region: r.region.clone(),
        detail: format!("{}: {detail}", r.name),
        resources: vec![r.id.clone()],
    }
}
