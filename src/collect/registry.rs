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
    Ec2DescribeVpcEndpoints,
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
            Op::Ec2DescribeVpcEndpoints => {
                ("ec2", "DescribeVpcEndpoints", A("ec2:DescribeVpcEndpoints"))
            }
        };
        OpInfo {
            service,
            operation,
            iam,
        }
    }

    /// Read operations are the only ones crossover may ever call. AssumeRole is the one
    /// exception: it changes nothing in the account, it only hands out the audit role's
    /// read-only credentials for an organization scan.
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
            assert!(op.is_read(), "{op:?} is not a read operation");
            let info = op.info();
            assert!(seen.insert((info.service, info.operation)), "{op:?} twice");
        }
    }
}
