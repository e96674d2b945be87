//! The one list of AWS operations crossover may call. Every SDK call goes through
//! [`crate::collect::Ctx::call`] with one of these, so this list *is* what the tool can do:
//! `policies/crossover-readonly.json` is checked against it, and a test fails when an
//! operation here is not a read.

/// An AWS operation the collectors call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumIter)]
pub enum Op {
    StsGetCallerIdentity,
    StsAssumeRole,
    OrganizationsListAccounts,
    Ec2DescribeRegions,
    Elbv2DescribeLoadBalancers,
    Elbv2DescribeLoadBalancerAttributes,
    Elbv2DescribeListeners,
    Elbv2DescribeRules,
    Elbv2DescribeTargetGroups,
    Elbv2DescribeTargetGroupAttributes,
    Elbv2DescribeTargetHealth,
    Elbv2DescribeTags,
    ApigwGetRestApis,
    ApigwGetStages,
    ApigwGetResources,
    ApigwGetMethod,
    ApigwGetAuthorizers,
    ApigwGetRequestValidators,
    ApigwGetUsagePlans,
    ApigwGetDomainNames,
    ApigwGetBasePathMappings,
    ApigwGetVpcLinks,
    Apigw2GetApis,
    Apigw2GetRoutes,
    Apigw2GetIntegrations,
    Apigw2GetAuthorizer,
    Apigw2GetStages,
    Apigw2GetDomainNames,
    Apigw2GetApiMappings,
    Apigw2GetVpcLinks,
    Wafv2ListWebAcls,
    Wafv2GetWebAclForResource,
    CloudWatchGetMetricData,
    PricingGetProducts,
    Apigw2ListRoutingRules,
    OrganizationsDescribeOrganization,
    Elbv2DescribeCapacityReservation,
    ServiceQuotasGetServiceQuota,
    /// `reconcile --cost-explorer`: the bill, daily, per usage type (and per resource where
    /// resource-level data is enabled). Cost Explorer bills each request ($0.01).
    CeGetCostAndUsage,
    CeGetCostAndUsageWithResources,
    /// `reconcile --cur s3://…`: the export's files, listed and read.
    S3ListObjectsV2,
    S3GetObject,
    /// `reconcile --athena`: one query on the CUR 2.0 table. Starting a query is not a read
    /// (Athena writes its results to S3): these have their own policy file.
    AthenaStartQueryExecution,
    AthenaGetQueryExecution,
    AthenaGetQueryResults,
    Ec2DescribeVpcEndpoints,
    /// API Gateway portals, read only in a region with a REST API (`developer-portal`).
    Apigw2ListPortals,
    Apigw2ListPortalProducts,
    Apigw2ListProductRestEndpointPages,
}

/// The policy file in policies/ that grants an operation. The read-only policy (and the role
/// templates that embed it) holds what every audit needs; reading a bill export in S3 needs
/// access to one bucket, which an audit role should not get for every bucket of the account,
/// so it has its own policy file naming the bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    ReadOnly,
    BillExport,
    Athena,
}

impl Policy {
    pub fn file(self) -> &'static str {
        match self {
            Policy::ReadOnly => "crossover-readonly.json",
            Policy::BillExport => "crossover-bill-export.json",
            Policy::Athena => "crossover-athena-reconcile.json",
        }
    }

    /// Actions the policy grants for what AWS does on the caller's behalf, not for a call
    /// crossover makes: Athena reads the table's definition from the Glue Data Catalog and its
    /// data from S3, and writes the query's results to the output location, all with the
    /// caller's permissions (Athena user guide, "Identity and access management in Athena").
    pub fn on_behalf(self) -> &'static [&'static str] {
        match self {
            Policy::ReadOnly | Policy::BillExport => &[],
            Policy::Athena => &[
                "glue:GetDatabase",
                "glue:GetTable",
                "glue:GetPartitions",
                "s3:GetBucketLocation",
                "s3:ListBucket",
                "s3:GetObject",
                "s3:PutObject",
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts",
            ],
        }
    }
}

/// How IAM authorises an operation. API Gateway's control plane is authorised per HTTP verb
/// and resource path, not per operation name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IamAction {
    Action(&'static str),
    ApiGatewayGet { path: &'static str },
}

pub struct OpInfo {
    pub service: &'static str,
    pub operation: &'static str,
    pub iam: IamAction,
}

impl Op {
    /// Every operation, in declaration order.
    pub fn all() -> impl Iterator<Item = Op> {
        <Op as strum::IntoEnumIterator>::iter()
    }

    pub fn info(self) -> OpInfo {
        use IamAction::{Action as A, ApiGatewayGet as Get};
        let (service, operation, iam) = match self {
            Op::StsGetCallerIdentity => ("sts", "GetCallerIdentity", A("sts:GetCallerIdentity")),
            Op::StsAssumeRole => ("sts", "AssumeRole", A("sts:AssumeRole")),
            Op::OrganizationsListAccounts => (
                "organizations",
                "ListAccounts",
                A("organizations:ListAccounts"),
            ),
            Op::Ec2DescribeRegions => ("ec2", "DescribeRegions", A("ec2:DescribeRegions")),
            Op::Elbv2DescribeLoadBalancers => (
                "elbv2",
                "DescribeLoadBalancers",
                A("elasticloadbalancing:DescribeLoadBalancers"),
            ),
            Op::Elbv2DescribeLoadBalancerAttributes => (
                "elbv2",
                "DescribeLoadBalancerAttributes",
                A("elasticloadbalancing:DescribeLoadBalancerAttributes"),
            ),
            Op::Elbv2DescribeListeners => (
                "elbv2",
                "DescribeListeners",
                A("elasticloadbalancing:DescribeListeners"),
            ),
            Op::Elbv2DescribeRules => (
                "elbv2",
                "DescribeRules",
                A("elasticloadbalancing:DescribeRules"),
            ),
            Op::Elbv2DescribeTargetGroups => (
                "elbv2",
                "DescribeTargetGroups",
                A("elasticloadbalancing:DescribeTargetGroups"),
            ),
            Op::Elbv2DescribeTargetGroupAttributes => (
                "elbv2",
                "DescribeTargetGroupAttributes",
                A("elasticloadbalancing:DescribeTargetGroupAttributes"),
            ),
            Op::Elbv2DescribeTargetHealth => (
                "elbv2",
                "DescribeTargetHealth",
                A("elasticloadbalancing:DescribeTargetHealth"),
            ),
            Op::Elbv2DescribeTags => (
                "elbv2",
                "DescribeTags",
                A("elasticloadbalancing:DescribeTags"),
            ),
            Op::ApigwGetRestApis => ("apigateway", "GetRestApis", Get { path: "/restapis" }),
            Op::ApigwGetStages => (
                "apigateway",
                "GetStages",
                Get {
                    path: "/restapis/*/stages",
                },
            ),
            Op::ApigwGetResources => (
                "apigateway",
                "GetResources",
                Get {
                    path: "/restapis/*/resources",
                },
            ),
            Op::ApigwGetMethod => (
                "apigateway",
                "GetMethod",
                Get {
                    path: "/restapis/*/resources/*/methods/*",
                },
            ),
            Op::ApigwGetAuthorizers => (
                "apigateway",
                "GetAuthorizers",
                Get {
                    path: "/restapis/*/authorizers",
                },
            ),
            Op::ApigwGetRequestValidators => (
                "apigateway",
                "GetRequestValidators",
                Get {
                    path: "/restapis/*/requestvalidators",
                },
            ),
            Op::ApigwGetUsagePlans => (
                "apigateway",
                "GetUsagePlans",
                Get {
                    path: "/usageplans",
                },
            ),
            Op::ApigwGetDomainNames => (
                "apigateway",
                "GetDomainNames",
                Get {
                    path: "/domainnames",
                },
            ),
            Op::ApigwGetBasePathMappings => (
                "apigateway",
                "GetBasePathMappings",
                Get {
                    path: "/domainnames/*/basepathmappings",
                },
            ),
            Op::ApigwGetVpcLinks => ("apigateway", "GetVpcLinks", Get { path: "/vpclinks" }),
            Op::Apigw2GetApis => ("apigatewayv2", "GetApis", Get { path: "/apis" }),
            Op::Apigw2GetRoutes => (
                "apigatewayv2",
                "GetRoutes",
                Get {
                    path: "/apis/*/routes",
                },
            ),
            Op::Apigw2GetIntegrations => (
                "apigatewayv2",
                "GetIntegrations",
                Get {
                    path: "/apis/*/integrations",
                },
            ),
            Op::Apigw2GetAuthorizer => (
                "apigatewayv2",
                "GetAuthorizer",
                Get {
                    path: "/apis/*/authorizers/*",
                },
            ),
            Op::Apigw2GetStages => (
                "apigatewayv2",
                "GetStages",
                Get {
                    path: "/apis/*/stages",
                },
            ),
            Op::Apigw2GetDomainNames => (
                "apigatewayv2",
                "GetDomainNames",
                Get {
                    path: "/domainnames",
                },
            ),
            Op::Apigw2GetApiMappings => (
                "apigatewayv2",
                "GetApiMappings",
                Get {
                    path: "/domainnames/*/apimappings",
                },
            ),
            Op::Apigw2GetVpcLinks => ("apigatewayv2", "GetVpcLinks", Get { path: "/vpclinks" }),
            Op::Wafv2ListWebAcls => ("wafv2", "ListWebACLs", A("wafv2:ListWebACLs")),
            Op::Wafv2GetWebAclForResource => (
                "wafv2",
                "GetWebACLForResource",
                A("wafv2:GetWebACLForResource"),
            ),
            Op::CloudWatchGetMetricData => {
                ("cloudwatch", "GetMetricData", A("cloudwatch:GetMetricData"))
            }
            Op::PricingGetProducts => ("pricing", "GetProducts", A("pricing:GetProducts")),
            Op::Apigw2ListRoutingRules => (
                "apigatewayv2",
                "ListRoutingRules",
                Get {
                    path: "/domainnames/*/routingrules",
                },
            ),
            Op::OrganizationsDescribeOrganization => (
                "organizations",
                "DescribeOrganization",
                A("organizations:DescribeOrganization"),
            ),
            Op::Elbv2DescribeCapacityReservation => (
                "elbv2",
                "DescribeCapacityReservation",
                A("elasticloadbalancing:DescribeCapacityReservation"),
            ),
            Op::ServiceQuotasGetServiceQuota => (
                "servicequotas",
                "GetServiceQuota",
                A("servicequotas:GetServiceQuota"),
            ),
            Op::CeGetCostAndUsage => ("ce", "GetCostAndUsage", A("ce:GetCostAndUsage")),
            Op::CeGetCostAndUsageWithResources => (
                "ce",
                "GetCostAndUsageWithResources",
                A("ce:GetCostAndUsageWithResources"),
            ),
            // IAM authorises ListObjectsV2 as s3:ListBucket.
            Op::S3ListObjectsV2 => ("s3", "ListObjectsV2", A("s3:ListBucket")),
            Op::S3GetObject => ("s3", "GetObject", A("s3:GetObject")),
            Op::AthenaStartQueryExecution => (
                "athena",
                "StartQueryExecution",
                A("athena:StartQueryExecution"),
            ),
            Op::AthenaGetQueryExecution => {
                ("athena", "GetQueryExecution", A("athena:GetQueryExecution"))
            }
            Op::AthenaGetQueryResults => ("athena", "GetQueryResults", A("athena:GetQueryResults")),
            Op::Ec2DescribeVpcEndpoints => {
                ("ec2", "DescribeVpcEndpoints", A("ec2:DescribeVpcEndpoints"))
            }
            // IAM paths as for the other v2 collections (the URI without `/v2`); not confirmed
            // in AWS's service authorization reference (docs/iam.md).
            Op::Apigw2ListPortals => ("apigatewayv2", "ListPortals", Get { path: "/portals" }),
            Op::Apigw2ListPortalProducts => (
                "apigatewayv2",
                "ListPortalProducts",
                Get {
                    path: "/portalproducts",
                },
            ),
            Op::Apigw2ListProductRestEndpointPages => (
                "apigatewayv2",
                "ListProductRestEndpointPages",
                Get {
                    path: "/portalproducts/*/productrestendpointpages",
                },
            ),
        };
        OpInfo {
            service,
            operation,
            iam,
        }
    }

    /// The policy file that grants this operation.
    pub fn policy(self) -> Policy {
        match self {
            Op::S3ListObjectsV2 | Op::S3GetObject => Policy::BillExport,
            Op::AthenaStartQueryExecution
            | Op::AthenaGetQueryExecution
            | Op::AthenaGetQueryResults => Policy::Athena,
            _ => Policy::ReadOnly,
        }
    }

    /// Read operations are the only ones crossover calls, but for the opt-in Athena source,
    /// whose StartQueryExecution (not a read) has its own policy file. AssumeRole counts as a
    /// read: it changes nothing in the account, it only hands out the audit role's read-only
    /// credentials for an organization scan.
    pub fn is_read(self) -> bool {
        let op = self.info().operation;
        self == Op::StsAssumeRole
            || ["Get", "Describe", "List"]
                .iter()
                .any(|prefix| op.starts_with(prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_a_read_and_listed_once() {
        let mut seen = std::collections::BTreeSet::new();
        for op in Op::all() {
            // The opt-in Athena source starts a query, which writes its results to S3.
            assert!(
                op.is_read() || op == Op::AthenaStartQueryExecution,
                "{op:?} is not a read operation"
            );
            assert!(op.is_read() || op.policy() == Policy::Athena);
            let info = op.info();
            assert!(seen.insert((info.service, info.operation)), "{op:?} twice");
        }
    }
}
