//! Which accounts and regions a run covers: the organization's active accounts reached
//! through an audit role, and each account's enabled regions.

use std::collections::BTreeMap;

use aws_config::SdkConfig;
use aws_credential_types::Credentials;

use super::ctx::{pages, CallError, CallFailure, Ctx};
use super::registry::Op;

/// organizations:ListAccounts returns at most 20 accounts per page.
const ACCOUNTS_PAGE: i32 = 20;
/// Credentials of the audit role last an hour, the default maximum session of a role.
const SESSION_SECONDS: i32 = 3600;

/// The organization's active accounts, sorted by id, with their names (id → name, for those
/// that have one). A failure is the caller's to report: an organization scan without the
/// account list has nothing to scan.
pub async fn organization_accounts(
    ctx: &Ctx,
    cfg: &SdkConfig,
) -> Result<(Vec<String>, BTreeMap<String, String>), CallError> {
    let client = &aws_sdk_organizations::Client::new(cfg);
    let accounts = ctx
        .paginate(
            Op::OrganizationsListAccounts,
            None,
            pages!(
                |t| client
                    .list_accounts()
                    .max_results(ACCOUNTS_PAGE)
                    .set_next_token(t),
                accounts,
                next_token
            ),
        )
        .await;
    let Some(accounts) = accounts else {
        return Err(ctx.take_failure("ListAccounts"));
    };
    let mut ids: Vec<String> = accounts
        .iter()
        .filter(|a| is_active(a))
        .filter_map(|a| a.id().map(str::to_owned))
        .collect();
    ids.sort();
    ids.dedup();
    let names = accounts
        .iter()
        .filter(|a| is_active(a))
        .filter_map(|a| Some((a.id()?.to_owned(), a.name()?.to_owned())))
        .filter(|(_, name)| !name.is_empty())
        .collect();
    Ok((ids, names))
}

/// What organizations:DescribeOrganization says about the caller's organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrganizationLookup {
    /// The organization's id and its management account.
    Member { id: String, management: String },
    /// The account belongs to no organization: it is billed alone.
    NotInOrganization,
    /// The call failed (e.g. a policy without organizations:DescribeOrganization).
    Unknown(CallError),
}

/// The organization of the account `cfg` reaches. Any account of an organization may call
/// DescribeOrganization, so single-account scans learn it too. A failure is no coverage gap:
/// the inventory is whole without it, only the API Gateway tiers then count the account alone,
/// which the caller notes.
pub async fn organization(ctx: &Ctx, cfg: &SdkConfig) -> OrganizationLookup {
    let client = aws_sdk_organizations::Client::new(cfg);
    match ctx
        .try_call(
            Op::OrganizationsDescribeOrganization,
            client.describe_organization().send(),
        )
        .await
    {
        Ok(out) => match out
            .organization()
            .and_then(|o| Some((o.id()?, o.master_account_id()?)))
        {
            Some((id, management)) => OrganizationLookup::Member {
                id: id.to_owned(),
                management: management.to_owned(),
            },
            None => OrganizationLookup::Unknown(CallError::new(
                CallFailure::Incomplete,
                "DescribeOrganization returned no organization id or management account",
            )),
        },
        Err(e) if e.is("AWSOrganizationsNotInUseException") => {
            OrganizationLookup::NotInOrganization
        }
        Err(e) => OrganizationLookup::Unknown(e),
    }
}

/// Organizations reports `State` (newer) or only the deprecated `Status`.
#[allow(deprecated)]
fn is_active(a: &aws_sdk_organizations::types::Account) -> bool {
    match a.state() {
        Some(state) => state.as_str() == "ACTIVE",
        None => a.status().map(|s| s.as_str()) == Some("ACTIVE"),
    }
}

/// The `index`-th of `count` contiguous slices of the sorted account list (0-based, as AWS
/// Batch array jobs and Kubernetes Indexed Jobs number their workers).
pub fn shard(accounts: &[String], index: usize, count: usize) -> Vec<String> {
    let count = count.max(1);
    let per = accounts.len().div_ceil(count);
    accounts
        .iter()
        .skip(index * per)
        .take(per)
        .cloned()
        .collect()
}

/// The account's configuration with the audit role's credentials, or a gap naming the
/// account when the role cannot be assumed.
pub async fn assume_role(
    ctx: &Ctx,
    cfg: &SdkConfig,
    partition: &str,
    account: &str,
    role: &str,
    external_id: Option<&str>,
) -> Option<SdkConfig> {
    let arn = format!("arn:{partition}:iam::{account}:role/{role}");
    let sts = aws_sdk_sts::Client::new(cfg);
    let out = ctx
        .try_call(
            Op::StsAssumeRole,
            sts.assume_role()
                .role_arn(&arn)
                .role_session_name("crossover-audit")
                .duration_seconds(SESSION_SECONDS)
                .set_external_id(external_id.map(str::to_owned))
                .send(),
        )
        .await;
    let account_ctx = Ctx::new(account, &ctx.region, ctx.stats_handle());
    let creds = match out {
        Ok(out) => out.credentials.map(|c| {
            Credentials::new(
                c.access_key_id,
                c.secret_access_key,
                Some(c.session_token),
                std::time::SystemTime::try_from(c.expiration).ok(),
                "crossover-org-role",
            )
        }),
        Err(e) => {
            account_ctx.record_gap(Op::StsAssumeRole, Some(&arn), &e);
            ctx.absorb(account_ctx.take_gaps());
            return None;
        }
    };
    creds.map(|c| {
        cfg.to_builder()
            .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(c))
            .build()
    })
}

/// The regions enabled for the account (opt-in regions it has not opted into are left out).
pub async fn enabled_regions(ctx: &Ctx, cfg: &SdkConfig) -> Option<Vec<String>> {
    let ec2 = aws_sdk_ec2::Client::new(cfg);
    let out = ctx
        .call(
            Op::Ec2DescribeRegions,
            None,
            ec2.describe_regions().all_regions(false).send(),
        )
        .await?;
    let mut regions: Vec<String> = out
        .regions()
        .iter()
        .filter(|r| r.opt_in_status() != Some("not-opted-in"))
        .filter_map(|r| r.region_name().map(str::to_owned))
        .collect();
    regions.sort();
    Some(regions)
}

#[cfg(test)]
mod tests {
    use super::shard;

    #[test]
    fn shards_cover_every_account_once() {
        let accounts: Vec<String> = (0..10).map(|i| format!("{i:012}")).collect();
        let mut seen: Vec<String> = (0..3).flat_map(|i| shard(&accounts, i, 3)).collect();
        seen.sort();
        assert_eq!(seen, accounts);
        assert_eq!(shard(&accounts, 0, 3).len(), 4);
        assert!(shard(&accounts, 5, 3).is_empty());
    }
}
