//! Front-door chains: an API whose private integration reaches an ALB through a VPC link.
//! The pair is one entry layer, so neither is priced or recommended as if the other did not
//! exist.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{ResourceConfig, Snapshot};

/// Resource id → ids of the resources it is chained with.
pub fn links(snapshot: &Snapshot) -> BTreeMap<String, BTreeSet<String>> {
    // Both an ALB's ARN and each of its listener ARNs lead to it.
    let mut alb_by_arn: HashMap<&str, &str> = HashMap::new();
    for r in &snapshot.resources {
        if let ResourceConfig::Alb(alb) = &r.config {
            alb_by_arn.insert(&alb.arn, &r.id);
            for l in &alb.listeners {
                alb_by_arn.insert(&l.arn, &r.id);
            }
        }
    }
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut link = |api: &str, alb: &str| {
        out.entry(api.to_owned())
            .or_default()
            .insert(alb.to_owned());
        out.entry(alb.to_owned())
            .or_default()
            .insert(api.to_owned());
    };
    for r in &snapshot.resources {
        let targets: Vec<&str> = match &r.config {
            ResourceConfig::V2Api(api) => api
                .integrations
                .iter()
                .filter(|i| i.connection_type.as_deref() == Some("VPC_LINK"))
                .filter_map(|i| i.uri.as_deref())
                .collect(),
            ResourceConfig::RestApi(api) => {
                let integrations = api
                    .resources
                    .iter()
                    .flat_map(|x| &x.methods)
                    .filter_map(|m| m.integration.as_ref())
                    .filter(|i| i.connection_type.as_deref() == Some("VPC_LINK"));
                let mut t = Vec::new();
                for i in integrations {
                    // VPC link V2 names the ALB (or its listener) on the integration; a V1
                    // link names NLBs, which may in turn forward to an ALB target group.
                    t.extend(i.integration_target.as_deref());
                    if let Some(link) = api
                        .vpc_links
                        .iter()
                        .find(|l| Some(l.id.as_str()) == i.connection_id.as_deref())
                    {
                        t.extend(link.target_arns.iter().map(String::as_str));
                    }
                }
                t
            }
            ResourceConfig::Alb(_) => Vec::new(),
        };
        for t in targets {
            if let Some(alb) = alb_by_arn.get(t) {
                link(&r.id, alb);
            }
        }
    }
    out
}
