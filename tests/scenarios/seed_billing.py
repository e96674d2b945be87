#!/usr/bin/env python3
"""Seeds moto with the billing scenarios of issue 13 and writes what the bill must show.

--scenario lcu: two ALBs in us-east-1 whose connection metrics recompute to 1.6 LCU an hour.
  `consumed-half` reports ConsumedLCUs of 0.8 in even hours only (odd hours have no
  datapoint); `no-consumed` has no ConsumedLCUs series at all.
--scenario org-tiers: an AWS Organization with three member accounts, each holding one HTTP API
  in us-east-1 with 200 million requests a month (Count spread evenly over the window's hours).
--scenario private-endpoint: two private REST APIs in us-east-1 that name one execute-api
  interface endpoint (2 subnets, 1 GB processed an hour), one through endpointConfiguration's
  vpcEndpointIds and one through its resource policy's aws:SourceVpce, with 300 and 100
  requests an hour; a second execute-api endpoint in another VPC that neither names; and an
  interface endpoint of another service that must not be read as one.

Usage: seed_billing.py --endpoint URL --out expected.json --scenario NAME
                       --window-end 2026-11-25T08:00:00Z [--days 1] [--role CrossoverAudit]
"""
import argparse
import datetime as dt
import json

import boto3

KEY = dict(aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="test-secret-not-real")
REGION = "us-east-1"


def hours_of(end, days):
    start = end - dt.timedelta(days=days)
    return [start + dt.timedelta(hours=h, minutes=30) for h in range(24 * days)]


def put(cw, namespace, metric, dims, points):
    data = [
        {"MetricName": metric, "Dimensions": [{"Name": k, "Value": v} for k, v in dims], "Timestamp": ts, "Value": float(v)}
        for ts, v in points
    ]
    for i in range(0, len(data), 500):
        cw.put_metric_data(Namespace=namespace, MetricData=data[i : i + 500])


def lcu(a, end):
    ec2 = boto3.client("ec2", region_name=REGION, endpoint_url=a.endpoint, **KEY)
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZone=f"{REGION}{z}")["Subnet"]["SubnetId"]
        for i, z in enumerate("ab")
    ]
    elb = boto3.client("elbv2", region_name=REGION, endpoint_url=a.endpoint, **KEY)
    cw = boto3.client("cloudwatch", region_name=REGION, endpoint_url=a.endpoint, **KEY)
    hours = hours_of(end, a.days)
    out = {"albs": {}}
    for name, consumed_every in (("consumed-half", 2), ("no-consumed", None)):
        arn = elb.create_load_balancer(Name=name, Subnets=subnets, Type="application", Scheme="internal")[
            "LoadBalancers"
        ][0]["LoadBalancerArn"]
        dims = [("LoadBalancer", arn.split(":loadbalancer/")[1])]
        # 1.6 LCU of new connections: 1.6 × 25 a second for the hour. AWS counts connections to
        # the targets too, which is why ConsumedLCUs reads only half of that.
        put(cw, "AWS/ApplicationELB", "NewConnectionCount", dims, [(ts, 1.6 * 25 * 3600) for ts in hours])
        put(cw, "AWS/ApplicationELB", "RequestCount", dims, [(ts, 10000) for ts in hours])
        consumed = []
        if consumed_every:
            consumed = [(ts, 0.8) for h, ts in enumerate(hours) if h % consumed_every == 0]
            put(cw, "AWS/ApplicationELB", "ConsumedLCUs", dims, consumed)
        out["albs"][name] = {
            "arn": arn,
            "hours": len(hours),
            "consumed_hours": len(consumed),
            "consumed_lcus": 0.8,
            "recomputed_lcus": 1.6,
        }
    return out


def org_tiers(a, end):
    org = boto3.client("organizations", region_name=REGION, endpoint_url=a.endpoint, **KEY)
    org_id = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    sts = boto3.client("sts", region_name=REGION, endpoint_url=a.endpoint, **KEY)
    hours = hours_of(end, a.days)
    # 200 million requests a month: the window's hours scaled by 730 / window hours.
    per_hour = 200e6 / 730
    out = {"organization": org_id, "management": sts.get_caller_identity()["Account"], "members": {}}
    for name in ("alpha", "beta", "gamma"):
        account = org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]["AccountId"]
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{a.role}", RoleSessionName="seed")["Credentials"]
        session = dict(
            region_name=REGION,
            endpoint_url=a.endpoint,
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
        )
        v2 = boto3.client("apigatewayv2", **session)
        api = v2.create_api(Name=f"{name}-http", ProtocolType="HTTP")["ApiId"]
        v2.create_stage(ApiId=api, StageName="$default")
        cw = boto3.client("cloudwatch", **session)
        put(cw, "AWS/ApiGateway", "Count", [("ApiId", api), ("Stage", "$default")], [(ts, per_hour) for ts in hours])
        out["members"][account] = {"name": name, "api": api, "requests_monthly": 200e6}
    return out


def private_endpoint(a, end):
    ec2 = boto3.client("ec2", region_name=REGION, endpoint_url=a.endpoint, **KEY)
    apigw = boto3.client("apigateway", region_name=REGION, endpoint_url=a.endpoint, **KEY)
    cw = boto3.client("cloudwatch", region_name=REGION, endpoint_url=a.endpoint, **KEY)
    hours = hours_of(end, a.days)
    service = f"com.amazonaws.{REGION}.execute-api"

    def endpoint(cidr, service_name):
        vpc = ec2.create_vpc(CidrBlock=f"{cidr}.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"{cidr}.{i}.0/24", AvailabilityZone=f"{REGION}{z}")["Subnet"]["SubnetId"]
            for i, z in enumerate("ab")
        ]
        e = ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc, ServiceName=service_name, SubnetIds=subnets)
        return vpc, e["VpcEndpoint"]["VpcEndpointId"], subnets

    vpc, used, subnets = endpoint("10.7", service)
    _, unused, _ = endpoint("10.8", service)
    _, other_service, _ = endpoint("10.6", f"com.amazonaws.{REGION}.sqs")
    put(
        cw,
        "AWS/PrivateLinkEndpoints",
        "BytesProcessed",
        [("Endpoint Type", "Interface"), ("Service Name", service), ("VPC Endpoint Id", used), ("VPC Id", vpc)],
        [(ts, 1e9) for ts in hours],
    )
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "execute-api:Invoke",
                    "Resource": "execute-api:/*",
                    "Condition": {"StringNotEquals": {"aws:SourceVpce": used}},
                },
            ],
        }
    )
    out = {"endpoint": used, "subnets": len(subnets), "unused": unused, "other_service": other_service, "apis": {}}
    for name, per_hour, by_policy in (("orders-private", 300, False), ("billing-private", 100, True)):
        config = {"types": ["PRIVATE"]}
        extra = {"policy": policy} if by_policy else {}
        if not by_policy:
            config["vpcEndpointIds"] = [used]
        api = apigw.create_rest_api(name=name, endpointConfiguration=config, **extra)["id"]
        root = [x for x in apigw.get_resources(restApiId=api)["items"] if x["path"] == "/"][0]["id"]
        apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
        apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
        deployment = apigw.create_deployment(restApiId=api)["id"]
        apigw.create_stage(restApiId=api, stageName="prod", deploymentId=deployment)
        put(cw, "AWS/ApiGateway", "Count", [("ApiName", name), ("Stage", "prod")], [(ts, per_hour) for ts in hours])
        out["apis"][name] = {"id": api, "requests_per_hour": per_hour}
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--scenario", required=True, choices=["lcu", "org-tiers", "private-endpoint"])
    p.add_argument("--window-end", required=True)
    p.add_argument("--days", type=int, default=1)
    p.add_argument("--role", default="CrossoverAudit")
    a = p.parse_args()
    end = dt.datetime.fromisoformat(a.window_end.replace("Z", "+00:00"))
    scenarios = {"lcu": lcu, "org-tiers": org_tiers, "private-endpoint": private_endpoint}
    expected = scenarios[a.scenario](a, end)
    with open(a.out, "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
