//! Web ACL associations of ALBs. REST stages need no call here: GetStages already names their
//! web ACL (`webAclArn`).

use std::collections::HashMap;

use aws_sdk_wafv2 as waf;
use futures::{stream, StreamExt};
use waf::types::Scope;

use super::ctx::{pages, Ctx};
use super::registry::Op;

/// ListWebACLs accepts at most 100 per page.
const LIMIT: i32 = 100;

/// ALB ARN → the web ACL associated with it. Regions without any regional web ACL (most of
/// them) cost one call; only where ACLs exist is each ALB asked for its association.
pub async fn associations(
    ctx: &Ctx,
    client: &waf::Client,
    alb_arns: &[&str],
    concurrency: usize,
) -> HashMap<String, String> {
    if alb_arns.is_empty() {
        return HashMap::new();
    }
    let acls = ctx
        .paginate(
            Op::Wafv2ListWebAcls,
            None,
            pages!(
                |m| client
                    .list_web_acls()
                    .scope(Scope::Regional)
                    .limit(LIMIT)
                    .set_next_marker(m),
                web_acls,
                next_marker
            ),
        )
        .await;
    // Without the list we cannot tell "no ACL" from "not asked": ask every ALB.
    if acls.as_ref().is_some_and(Vec::is_empty) {
        return HashMap::new();
    }
    stream::iter(alb_arns.iter())
        .map(|arn| async move {
            let resp = ctx
                .call(
                    Op::Wafv2GetWebAclForResource,
                    Some(arn),
                    client.get_web_acl_for_resource().resource_arn(*arn).send(),
                )
                .await;
            let acl = resp.and_then(|r| r.web_acl().map(|w| w.arn().to_owned()));
            acl.map(|a| (arn.to_string(), a))
        })
        .buffered(concurrency)
        .filter_map(|x| async move { x })
        .collect()
        .await
}
