//! Reads an account's API entry layer into a [`Snapshot`]: one module per AWS service, run
//! concurrently across regions. Nothing here prices or judges; it only reads.

mod accounts;
mod apigateway;
mod apigatewayv2;
pub mod athena;
pub mod cloudwatch;
pub mod costexplorer;
pub mod ctx;
mod ec2;
mod elbv2;
mod pace;
pub mod price_list;
pub mod registry;
pub mod s3export;
mod servicequotas;
pub mod spill;
mod usage;
mod wafv2;

#[cfg(test)]
mod billing_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use chrono::{DateTime, Utc};
use futures::{stream, StreamExt};

pub use ctx::{CallStats, Ctx};
use registry::Op;

use crate::model::{
    DataNote, NoteCode, Resource, ResourceConfig, ResourceKind, ServiceQuota, Snapshot,
    VpcEndpoint, Window, SNAPSHOT_SCHEMA_VERSION,
};

/// What to read and how.
#[derive(Clone)]
pub struct CollectOptions {
    pub profile: Option<String>,
    /// Empty: the profile's region.
    pub regions: Vec<String>,
    pub endpoint_url: Option<String>,
    pub days: u32,
    /// Regions read at once.
    pub concurrency: usize,
    /// Calls in flight at once within one region and service.
    pub calls_per_region: usize,
    /// Upper bound for one call, retries included.
    pub operation_timeout: Duration,
    pub now: DateTime<Utc>,
    /// Every region enabled for each account instead of `regions`.
    pub all_regions: bool,
    /// Scan the organization's active accounts through this role.
    pub org_role: Option<String>,
    pub external_id: Option<String>,
    /// Limits an organization scan to these accounts.
    pub accounts: Vec<String>,
    /// (index, count): this worker's slice of the account list.
    pub shard: Option<(usize, usize)>,
    /// Reports each finished account × region (progress display).
    pub on_region_done: Option<Arc<dyn Fn(RegionDone) + Send + Sync>>,
}

/// What one account × region contributed, for progress displays.
#[derive(Debug, Clone)]
pub struct RegionDone {
    pub account_id: String,
    pub region: String,
    pub resources: usize,
    pub total_tasks: usize,
}

impl CollectOptions {
    /// Options for one region of the default account, as tests and `prices refresh` need.
    pub fn basic(regions: Vec<String>, endpoint_url: Option<String>, days: u32) -> Self {
        CollectOptions {
            profile: None,
            regions,
            endpoint_url,
            days,
            concurrency: 4,
            calls_per_region: 4,
            operation_timeout: Duration::from_secs(300),
            now: Utc::now(),
            all_regions: false,
            org_role: None,
            external_id: None,
            accounts: Vec::new(),
            shard: None,
            on_region_done: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("no region to scan: pass --region R or set a region in the profile (AWS_REGION)")]
    NoRegion,
    #[error("cannot identify the account ({0}); check the credentials (--profile, AWS_PROFILE, or `aws sso login`)")]
    Identity(#[source] ctx::CallError),
    #[error("cannot list the organization's accounts ({0}); run from the management account or a delegated administrator with organizations:ListAccounts")]
    Organization(#[source] ctx::CallError),
    #[error("cannot keep the resources read in a temporary file beside the output ({0}); check the folder's free space")]
    Spill(#[source] std::io::Error),
}

pub async fn load_sdk_config(opts: &CollectOptions) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        // Adaptive retry backs off client-side when the control planes throttle us.
        .retry_config(RetryConfig::adaptive().with_max_attempts(5))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(10))
                .operation_timeout(opts.operation_timeout)
                .build(),
        );
    if let Some(p) = &opts.profile {
        loader = loader.profile_name(p);
    }
    if let Some(url) = &opts.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

/// Reads every region of every account the options name into one snapshot.
pub async fn collect(
    opts: &CollectOptions,
    config: &SdkConfig,
    stats: Arc<CallStats>,
) -> Result<Snapshot, CollectError> {
    collect_to(opts, config, stats, None).await
}

/// [`collect`], with each resource moved into `spill` as soon as its usage is read: the
/// snapshot returned then holds no resource, and [`spill::Spill::write_snapshot`] writes it
/// whole.
pub async fn collect_to(
    opts: &CollectOptions,
    config: &SdkConfig,
    stats: Arc<CallStats>,
    mut spill: Option<&mut spill::Spill>,
) -> Result<Snapshot, CollectError> {
    let home = match opts.regions.first() {
        Some(r) => r.clone(),
        None => config
            .region()
            .map(|r| r.to_string())
            .ok_or(CollectError::NoRegion)?,
    };
    let window = Window::ending_before(opts.now, opts.days);
    let candidates = if opts.regions.is_empty() {
        vec![home.clone()]
    } else {
        opts.regions.clone()
    };
    let (caller_account, partition) = identify(config, &candidates, stats.clone()).await?;
    let caller = Ctx::new(&caller_account, &home, stats.clone());

    // The accounts to read, each with the configuration that reaches it.
    let mut targets: Vec<(String, SdkConfig)> = Vec::new();
    let mut account_names = std::collections::BTreeMap::new();
    match &opts.org_role {
        Some(role) => {
            let home_cfg = regional(config, &home);
            let (mut ids, names) = accounts::organization_accounts(&caller, &home_cfg)
                .await
                .map_err(CollectError::Organization)?;
            if !opts.accounts.is_empty() {
                ids.retain(|id| opts.accounts.contains(id));
            }
            if let Some((index, count)) = opts.shard {
                ids = accounts::shard(&ids, index, count);
            }
            account_names = names
                .into_iter()
                .filter(|(id, _)| ids.contains(id))
                .collect();
            for id in ids {
                let assumed = accounts::assume_role(
                    &caller,
                    &home_cfg,
                    &partition,
                    &id,
                    role,
                    opts.external_id.as_deref(),
                )
                .await;
                if let Some(cfg) = assumed {
                    targets.push((id, cfg));
                }
            }
        }
        None => targets.push((caller_account.clone(), config.clone())),
    }

    // The organization: an organization scan asks once from the caller, a single-account
    // scan asks as that account (any member may), so tiers can count the family together.
    let (org_ctx, org_cfg) = match (&opts.org_role, targets.first()) {
        (None, Some((account, cfg))) => (Ctx::new(account, &home, stats.clone()), cfg),
        _ => (Ctx::new(&caller_account, &home, stats.clone()), config),
    };
    let mut organizations = Vec::new();
    let mut org_notes = Vec::new();
    match accounts::organization(&org_ctx, &regional(org_cfg, &home)).await {
        accounts::OrganizationLookup::Member { id, management } => {
            let mut account_ids: Vec<String> = targets.iter().map(|(id, _)| id.clone()).collect();
            account_ids.sort();
            organizations.push(crate::model::Organization {
                id,
                management_account_id: management,
                account_ids,
            });
        }
        accounts::OrganizationLookup::NotInOrganization => {}
        accounts::OrganizationLookup::Unknown(e) => org_notes.push(DataNote {
            code: NoteCode::OrganizationUnknown,
            account_id: org_ctx.account_id.clone(),
            region: home.clone(),
            detail: format!(
                "organizations:DescribeOrganization failed ({e}): API Gateway request tiers count each account alone"
            ),
            resources: Vec::new(),
        }),
    }

    // The regions of each account.
    let mut per_account: Vec<Vec<(Ctx, SdkConfig)>> = Vec::new();
    let mut all_regions: Vec<String> = Vec::new();
    for (account, cfg) in &targets {
        let account_ctx = Ctx::new(account, &home, stats.clone());
        let regions = if opts.all_regions {
            accounts::enabled_regions(&account_ctx, &regional(cfg, &home))
                .await
                .unwrap_or_default()
        } else {
            candidates.clone()
        };
        caller.absorb(account_ctx.take_gaps());
        let mut tasks = Vec::new();
        for region in regions {
            if !all_regions.contains(&region) {
                all_regions.push(region.clone());
            }
            tasks.push((account_ctx.for_region(&region), regional(cfg, &region)));
        }
        per_account.push(tasks);
    }
    let tasks = interleave(per_account);

    let total_tasks = tasks.len();
    let kept = spill::Sink::new(spill.as_deref_mut());
    let sink = &kept;
    let mut reads = stream::iter(tasks)
        .map(|(ctx, cfg)| async move {
            let (resources, endpoints, quotas) =
                collect_region(&ctx, &cfg, &window, opts.calls_per_region, sink).await;
            // Scheduled runs have no progress bar; -v gives them the same events in the log.
            tracing::info!(
                account = %ctx.account_id, region = %ctx.region, resources,
                "account × region read"
            );
            if let Some(report) = &opts.on_region_done {
                report(RegionDone {
                    account_id: ctx.account_id.clone(),
                    region: ctx.region.clone(),
                    resources,
                    total_tasks,
                });
            }
            ((endpoints, quotas), ctx.take_gaps())
        })
        .buffer_unordered(opts.concurrency.max(1));

    let mut vpc_endpoints = Vec::new();
    let mut gaps = caller.take_gaps();
    let mut service_quotas = Vec::new();
    while let Some(((e, q), g)) = reads.next().await {
        if sink.failed() {
            break;
        }
        vpc_endpoints.extend(e);
        gaps.extend(g);
        service_quotas.extend(q);
    }
    drop(reads);
    let mut resources = kept.finish().map_err(CollectError::Spill)?;
    vpc_endpoints.sort_by(|a: &VpcEndpoint, b| {
        (&a.account_id, &a.region, &a.id).cmp(&(&b.account_id, &b.region, &b.id))
    });
    Resource::sort(&mut resources);
    gaps.sort();
    let mut notes = match spill.as_deref() {
        Some(spill) => rest_name_collisions(spill.keys()),
        None => rest_name_collisions(resources.iter().map(spill::Key::of)),
    };
    notes.extend(org_notes);
    let mut account_ids: Vec<String> = targets.into_iter().map(|(id, _)| id).collect();
    if account_ids.is_empty() {
        account_ids.push(caller_account);
    }
    Ok(Snapshot {
        schema_version: SNAPSHOT_SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
        partition,
        account_ids,
        regions: all_regions,
        window,
        period_seconds: cloudwatch::PERIOD_SECONDS as u32,
        collected_at: opts.now,
        resources,
        gaps,
        notes,
        cloudwatch_requests: Some(stats.metric_requests()),
        organizations,
        account_names,
        service_quotas: ServiceQuota::combined(service_quotas),
        vpc_endpoints: Some(vpc_endpoints),
    })
}

/// The caller's account and partition. Any region that answers can say who we are; one
/// unreachable region must not stop the run.
async fn identify(
    config: &SdkConfig,
    regions: &[String],
    stats: Arc<CallStats>,
) -> Result<(String, String), CollectError> {
    let ctx = Ctx::new("", &regions[0], stats);
    let mut last_error = None;
    for region in regions {
        let sts = aws_sdk_sts::Client::new(&regional(config, region));
        match ctx
            .try_call(Op::StsGetCallerIdentity, sts.get_caller_identity().send())
            .await
        {
            Ok(out) => {
                let account = out.account().unwrap_or_default().to_owned();
                let partition = out
                    .arn()
                    .and_then(|a| a.split(':').nth(1))
                    .unwrap_or("aws")
                    .to_owned();
                return Ok((account, partition));
            }
            // Credentials that do not load will not load in another region either.
            Err(e) if e.kind.is_credentials() => {
                last_error = Some(e);
                break;
            }
            Err(e) => last_error = Some(e),
        }
    }
    let e = last_error.expect("at least one region was tried");
    Err(CollectError::Identity(e))
}

/// Takes one item of each list in turn. API Gateway is paced per account, so account × region
/// pairs run in this order keep every account's budget busy at once; account by account, the
/// accounts would wait for each other.
fn interleave<T>(lists: Vec<Vec<T>>) -> Vec<T> {
    let total = lists.iter().map(Vec::len).sum();
    let mut iters: Vec<_> = lists.into_iter().map(Vec::into_iter).collect();
    let mut out = Vec::with_capacity(total);
    while out.len() < total {
        for it in &mut iters {
            out.extend(it.next());
        }
    }
    out
}

fn regional(config: &SdkConfig, region: &str) -> SdkConfig {
    config
        .to_builder()
        .region(Region::new(region.to_owned()))
        .build()
}

/// What one account × region yields besides its resources, which go to the sink: how many
/// it read, its execute-api endpoints, and the quotas their feature checks compare with.
type RegionRead = (usize, Vec<VpcEndpoint>, Vec<ServiceQuota>);

/// Reads the region's resources into `sink`, each as soon as its usage is in, its
/// `execute-api` interface endpoints when it has a private REST API (the call economy:
/// DescribeVpcEndpoints is asked only there), and the applied quotas the resources' feature
/// checks need.
async fn collect_region(
    ctx: &Ctx,
    cfg: &SdkConfig,
    window: &Window,
    calls: usize,
    sink: &spill::Sink<'_>,
) -> RegionRead {
    let elb = aws_sdk_elasticloadbalancingv2::Client::new(cfg);
    let rest = aws_sdk_apigateway::Client::new(cfg);
    let v2 = aws_sdk_apigatewayv2::Client::new(cfg);
    let waf = aws_sdk_wafv2::Client::new(cfg);
    let cw = aws_sdk_cloudwatch::Client::new(cfg);
    let usage = usage::UsageRead::new(ctx, &cw, window, calls, sink);
    let resource = |kind, id: &str, name: &str, config| Resource {
        kind,
        account_id: ctx.account_id.clone(),
        region: ctx.region.clone(),
        id: id.to_owned(),
        name: name.to_owned(),
        config,
        usage: Default::default(),
    };
    let mut needs = servicequotas::Needs::default();
    let albs_with_usage = async {
        let albs = elbv2::collect(ctx, &elb, calls).await;
        let arns: Vec<&str> = albs.iter().map(|a| a.arn.as_str()).collect();
        let acls = wafv2::associations(ctx, &waf, &arns, calls).await;
        let albs: Vec<Resource> = albs
            .into_iter()
            .map(|mut alb| {
                alb.web_acl_arn = acls.get(&alb.arn).cloned();
                let name = alb
                    .arn
                    .split('/')
                    .nth_back(1)
                    .unwrap_or_default()
                    .to_owned();
                let arn = alb.arn.clone();
                resource(
                    ResourceKind::Alb,
                    &arn,
                    &name,
                    ResourceConfig::Alb(Box::new(alb)),
                )
            })
            .collect();
        needs.add(&albs);
        // Full batches of ALB metrics are read while API Gateway, which is paced, is still
        // being read; the remainder shares a batch with the APIs' metrics, so the number of
        // GetMetricData calls stays ⌈all queries / 500⌉.
        usage.add_resources(albs);
        usage.read_full_batches().await;
    };
    // Portals publish REST APIs only, of their own Region: they are read only where the region
    // has a REST API, while the other reads go on.
    let rest_with_portals = async {
        let apis = apigateway::collect(ctx, &rest, calls).await;
        let portals = if apis.is_empty() {
            Default::default()
        } else {
            apigatewayv2::portals(ctx, &v2, calls).await
        };
        (apis, portals)
    };
    let ((), (rest_apis, mut portals), v2_apis, domains) = tokio::join!(
        albs_with_usage,
        rest_with_portals,
        apigatewayv2::collect(ctx, &v2, calls),
        apigatewayv2::custom_domains(ctx, &v2, calls),
    );

    let mut apis = Vec::new();
    for mut api in rest_apis {
        merge_domains(&mut api.custom_domains, domains.get(&api.id));
        api.portals = portals.remove(&api.id).unwrap_or_default();
        let (id, name) = (api.id.clone(), api.name.clone());
        apis.push(resource(
            ResourceKind::RestApi,
            &id,
            &name,
            ResourceConfig::RestApi(Box::new(api)),
        ));
    }
    for mut api in v2_apis {
        merge_domains(&mut api.custom_domains, domains.get(&api.id));
        let kind = if api.protocol_type == "WEBSOCKET" {
            ResourceKind::WebsocketApi
        } else {
            ResourceKind::HttpApi
        };
        let (id, name) = (api.id.clone(), api.name.clone());
        apis.push(resource(
            kind,
            &id,
            &name,
            ResourceConfig::V2Api(Box::new(api)),
        ));
    }
    needs.add(&apis);
    let private = apis.iter().any(|r| match &r.config {
        ResourceConfig::RestApi(api) => api.is_private(),
        _ => false,
    });
    let endpoints = if private {
        let client = aws_sdk_ec2::Client::new(cfg);
        ec2::execute_api_endpoints(ctx, &client)
            .await
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    usage.add_resources(apis);
    usage.add_endpoints(endpoints);
    let sq = aws_sdk_servicequotas::Client::new(cfg);
    let quotas = needs.codes();
    let ((read, endpoints), quotas) =
        tokio::join!(usage.finish(), servicequotas::applied(ctx, &sq, &quotas));
    (read, endpoints, quotas)
}

/// The v1 and v2 domain lists overlap; keep each domain once.
fn merge_domains(
    into: &mut Vec<crate::model::CustomDomain>,
    more: Option<&Vec<crate::model::CustomDomain>>,
) {
    for d in more.into_iter().flatten() {
        if !into.iter().any(|x| x.domain_name == d.domain_name) {
            into.push(d.clone());
        }
    }
}

/// REST metrics are keyed by API name, so two REST APIs sharing a name in a region share (and
/// double-count) their CloudWatch series.
fn rest_name_collisions<'a>(resources: impl Iterator<Item = spill::Key<'a>>) -> Vec<DataNote> {
    let mut by_name: BTreeMap<(&str, &str, &str), Vec<&str>> = BTreeMap::new();
    for r in resources.filter(|r| r.kind == ResourceKind::RestApi) {
        by_name
            .entry((r.account_id, r.region, r.name))
            .or_default()
            .push(r.id);
    }
    by_name
        .into_iter()
        .filter(|(_, ids)| ids.len() > 1)
        .map(|((account, region, name), ids)| DataNote {
            code: NoteCode::RestNameCollision,
            account_id: account.to_owned(),
            region: region.to_owned(),
            detail: format!(
                "{} REST APIs are named \"{name}\"; CloudWatch keys REST metrics by name, so each of them shows their combined traffic",
                ids.len()
            ),
            resources: ids.into_iter().map(str::to_owned).collect(),
        })
        .collect()
}
