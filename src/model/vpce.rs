use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::Usage;

/// An `execute-api` interface VPC endpoint (AWS PrivateLink), through which clients in a VPC
/// reach private REST APIs. It is billed to the account that owns it, per endpoint network
/// interface (one per subnet, so one per Availability Zone) per hour, plus per GB it
/// processes (docs/methodology.md, "Private REST APIs and their interface endpoint").
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct VpcEndpoint {
    /// `vpce-` followed by hexadecimal digits.
    pub id: String,
    /// The account whose scan read it (DescribeVpcEndpoints lists the caller's own endpoints).
    pub account_id: String,
    pub region: String,
    /// The owner AWS reports (`OwnerId`); the account billed for it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner_id: String,
    pub vpc_id: String,
    /// `com.amazonaws.<region>.execute-api`.
    pub service_name: String,
    /// As DescribeVpcEndpoints reports it: `available`, `pendingAcceptance`, `pending`,
    /// `deleting`, `deleted`, `rejected`, `failed`, `expired`, `partial`.
    pub state: String,
    /// One endpoint network interface per subnet, each in its own Availability Zone.
    pub subnet_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network_interface_ids: Vec<String>,
    #[serde(default)]
    pub private_dns_enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// `AWS/PrivateLinkEndpoints` BytesProcessed (the bytes billed to the endpoint's owner),
    /// hourly over the window; empty when it was not read.
    #[serde(default)]
    pub usage: Usage,
}

impl VpcEndpoint {
    /// The billed endpoint network interfaces: one per subnet (AWS bills "per VPC endpoint per
    /// AZ"), or the interfaces AWS lists where it names more of them than subnets.
    pub fn billed_interfaces(&self) -> usize {
        self.subnet_ids.len().max(self.network_interface_ids.len())
    }

    /// Only an endpoint in state `available` is assumed to bill hours: one that is pending,
    /// rejected, failed, deleting or deleted carries no traffic and is not counted.
    pub fn is_billed(&self) -> bool {
        self.state.eq_ignore_ascii_case("available")
    }
}
