//! The `execute-api` interface VPC endpoints through which private REST APIs are reached:
//! AWS bills them to their owner per endpoint network interface per hour and per GB
//! (docs/methodology.md). Read only in the account × regions with a private REST API.

use aws_sdk_ec2 as ec2;
use ec2::types::Filter;

use super::ctx::{pages, Ctx};
use super::registry::Op;
use crate::model::VpcEndpoint;

/// DescribeVpcEndpoints' largest page.
const MAX_RESULTS: i32 = 1000;

/// The service names of API Gateway's `execute-api` endpoint in `region`: AWS partitions
/// name it `com.amazonaws.<region>.execute-api`, the China regions prefix `cn.`.
pub fn execute_api_service_names(region: &str) -> [String; 2] {
    let name = format!("com.amazonaws.{region}.execute-api");
    [format!("cn.{name}"), name]
}

/// The region's `execute-api` interface endpoints, sorted by id; `None` when the call failed
/// (a gap is recorded).
pub async fn execute_api_endpoints(ctx: &Ctx, client: &ec2::Client) -> Option<Vec<VpcEndpoint>> {
    let filter = Filter::builder()
        .name("service-name")
        .set_values(Some(execute_api_service_names(&ctx.region).to_vec()))
        .build();
    let found = ctx
        .paginate(
            Op::Ec2DescribeVpcEndpoints,
            None,
            pages!(
                |next| client
                    .describe_vpc_endpoints()
                    .filters(filter.clone())
                    .max_results(MAX_RESULTS)
                    .set_next_token(next),
                vpc_endpoints,
                next_token
            ),
        )
        .await?;
    let mut out: Vec<VpcEndpoint> = found
        .iter()
        .map(|e| VpcEndpoint {
            id: e.vpc_endpoint_id().unwrap_or_default().to_owned(),
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            owner_id: e.owner_id().unwrap_or_default().to_owned(),
            vpc_id: e.vpc_id().unwrap_or_default().to_owned(),
            service_name: e.service_name().unwrap_or_default().to_owned(),
            state: e.state().map(|s| s.as_str().to_owned()).unwrap_or_default(),
            subnet_ids: sorted_strings(e.subnet_ids()),
            network_interface_ids: sorted_strings(e.network_interface_ids()),
            private_dns_enabled: e.private_dns_enabled().unwrap_or(false),
            created_at: e
                .creation_timestamp()
                .and_then(|t| chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos())),
            tags: e
                .tags()
                .iter()
                .filter_map(|t| {
                    Some((
                        t.key()?.to_owned(),
                        t.value().unwrap_or_default().to_owned(),
                    ))
                })
                .collect(),
            usage: Default::default(),
        })
        .filter(|e| !e.id.is_empty())
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Some(out)
}

fn sorted_strings(v: &[String]) -> Vec<String> {
    let mut v = v.to_vec();
    v.sort();
    v
}
