//! What moto does not serve for issue 13, through the real SDK client with `aws-smithy-mocks`:
//! moto's DescribeCapacityReservation answers a fixed state with no reserved capacity, and its
//! load balancers have no `IpamPools`.

use std::sync::Arc;

use aws_smithy_mocks::{mock, mock_client, RuleMode};

use super::{cloudwatch, elbv2, CallStats, Ctx};
use crate::model::{Resource, ResourceConfig, ResourceKind};

#[tokio::test]
async fn an_alb_reads_its_lcu_reservation_and_its_byoip_pool() {
    use aws_sdk_elasticloadbalancingv2::operation::{
        describe_capacity_reservation::DescribeCapacityReservationOutput,
        describe_listeners::DescribeListenersOutput,
        describe_load_balancer_attributes::DescribeLoadBalancerAttributesOutput,
        describe_load_balancers::DescribeLoadBalancersOutput, describe_tags::DescribeTagsOutput,
        describe_target_groups::DescribeTargetGroupsOutput,
    };
    use aws_sdk_elasticloadbalancingv2::types::{
        CapacityReservationStateEnum, CapacityReservationStatus, IpamPools, LoadBalancer,
        LoadBalancerSchemeEnum, LoadBalancerTypeEnum, MinimumLoadBalancerCapacity,
        ZonalCapacityReservationState,
    };
    use aws_sdk_elasticloadbalancingv2::Client;

    const RESERVED: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/reserved/1";
    const PLAIN: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/plain/2";
    let lb = |arn: &str, pool: Option<&str>| {
        LoadBalancer::builder()
            .load_balancer_arn(arn)
            .r#type(LoadBalancerTypeEnum::Application)
            .scheme(LoadBalancerSchemeEnum::InternetFacing)
            .set_ipam_pools(pool.map(|p| IpamPools::builder().ipv4_ipam_pool_id(p).build()))
            .build()
    };
    let lbs = mock!(Client::describe_load_balancers).then_output(move || {
        DescribeLoadBalancersOutput::builder()
            .load_balancers(lb(RESERVED, Some("ipam-pool-0abc")))
            .load_balancers(lb(PLAIN, None))
            .build()
    });
    let tgs = mock!(Client::describe_target_groups)
        .then_output(|| DescribeTargetGroupsOutput::builder().build());
    let attrs = mock!(Client::describe_load_balancer_attributes)
        .then_output(|| DescribeLoadBalancerAttributesOutput::builder().build());
    let listeners = mock!(Client::describe_listeners)
        .then_output(|| DescribeListenersOutput::builder().build());
    let tags = mock!(Client::describe_tags).then_output(|| DescribeTagsOutput::builder().build());
    fn provisioned(zone: Option<&str>) -> ZonalCapacityReservationState {
        ZonalCapacityReservationState::builder()
            .set_availability_zone(zone.map(str::to_owned))
            .state(
                CapacityReservationStatus::builder()
                    .code(CapacityReservationStateEnum::Provisioned)
                    .build(),
            )
            .build()
    }
    let reserved = mock!(Client::describe_capacity_reservation)
        .match_requests(|r| r.load_balancer_arn() == Some(RESERVED))
        .then_output(|| {
            DescribeCapacityReservationOutput::builder()
                .minimum_load_balancer_capacity(
                    MinimumLoadBalancerCapacity::builder()
                        .capacity_units(100)
                        .build(),
                )
                .capacity_reservation_state(provisioned(Some("us-east-1a")))
                .build()
        });
    // What moto answers: a state and no minimum capacity, i.e. no reservation.
    let none = mock!(Client::describe_capacity_reservation)
        .match_requests(|r| r.load_balancer_arn() == Some(PLAIN))
        .then_output(|| {
            DescribeCapacityReservationOutput::builder()
                .capacity_reservation_state(provisioned(None))
                .build()
        });
    let client = mock_client!(
        aws_sdk_elasticloadbalancingv2,
        RuleMode::MatchAny,
        [&lbs, &tgs, &attrs, &listeners, &tags, &reserved, &none]
    );
    let ctx = Ctx::new("123456789012", "us-east-1", Arc::new(CallStats::default()));
    let albs = elbv2::collect(&ctx, &client, 2).await;
    assert!(ctx.take_gaps().is_empty());
    assert_eq!(reserved.num_calls(), 1);
    assert_eq!(none.num_calls(), 1);
    let find = |arn: &str| albs.iter().find(|a| a.arn == arn).unwrap().clone();
    let r = find(RESERVED);
    let res = r.lcu_reservation.clone().expect("a 100-LCU reservation");
    assert_eq!(res.capacity_units, 100.0);
    assert_eq!(res.states, vec!["us-east-1a=provisioned"]);
    assert_eq!(r.ipv4_ipam_pool_id.as_deref(), Some("ipam-pool-0abc"));
    let p = find(PLAIN);
    assert_eq!(p.lcu_reservation, None);
    assert_eq!(p.ipv4_ipam_pool_id, None);

    // PeakLCUs is read only for the ALB with a reservation.
    let peak = |alb: crate::model::Alb| {
        let resource = Resource {
            kind: ResourceKind::Alb,
            account_id: "123456789012".into(),
            region: "us-east-1".into(),
            id: alb.arn.clone(),
            name: "x".into(),
            config: ResourceConfig::Alb(Box::new(alb)),
            usage: Default::default(),
        };
        cloudwatch::plan(&resource)
            .iter()
            .filter(|s| s.metric == crate::model::metric::alb::PEAK_LCUS)
            .count()
    };
    assert_eq!(peak(r), 1);
    assert_eq!(peak(p), 0);
}
