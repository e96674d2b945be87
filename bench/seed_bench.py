#!/usr/bin/env python3
"""Seeds moto for the benchmark: N ALBs and M APIs spread over R regions and A accounts (the
first is moto's default account, the others are organization members reached by an assumed
role), a few ALBs with dense hourly series, and writes the inventory's lower bound of API
calls for a crossover scan to --out.

moto's GetMetricData time grows with queries × periods × stored points, so only
--dense ALBs carry hourly data; every other series is empty.
"""
import argparse
import datetime as dt
import json
import math

import boto3

KEY = dict(aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="bench-not-a-secret")
REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1", "ca-central-1"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--albs", type=int, default=1000)
    p.add_argument("--apis", type=int, default=200)
    p.add_argument("--regions", type=int, default=4)
    p.add_argument("--accounts", type=int, default=3)
    p.add_argument("--dense", type=int, default=5)
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--role", default="CrossoverAudit")
    a = p.parse_args()
    regions = REGIONS[: a.regions]
    org = boto3.client("organizations", region_name="us-east-1", endpoint_url=a.endpoint, **KEY)
    org.create_organization(FeatureSet="ALL")
    sts = boto3.client("sts", region_name="us-east-1", endpoint_url=a.endpoint, **KEY)
    accounts = [sts.get_caller_identity()["Account"]]
    for i in range(a.accounts - 1):
        accounts.append(org.create_account(AccountName=f"bench{i}", Email=f"bench{i}@example.com")["CreateAccountStatus"]["AccountId"])
    slots = [(acct, region) for acct in accounts for region in regions]
    end = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(hours=24 * a.days)
    bound = {"sts:GetCallerIdentity": 1, "organizations:DescribeOrganization": 1, "organizations:ListAccounts": math.ceil(len(accounts) / 20), "sts:AssumeRole": len(accounts)}
    per_slot = []
    dense_left = a.dense
    for n, (acct, region) in enumerate(slots):
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{acct}:role/{a.role}", RoleSessionName="bench")["Credentials"]
        s = dict(region_name=region, endpoint_url=a.endpoint, aws_access_key_id=creds["AccessKeyId"],
                 aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
        ec2, elb, v2, rest, cw = (boto3.client(x, **s) for x in ("ec2", "elbv2", "apigatewayv2", "apigateway", "cloudwatch"))
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=region + z)["Subnet"]["SubnetId"] for i, z in enumerate("ab")]
        albs = a.albs // len(slots) + (1 if n < a.albs % len(slots) else 0)
        apis = a.apis // len(slots) + (1 if n < a.apis % len(slots) else 0)
        listeners = 0
        for i in range(albs):
            arn = elb.create_load_balancer(Name=f"b{n}-{i}", Subnets=subnets, Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
            if i % 10 == 0:
                tg = elb.create_target_group(Name=f"b{n}-{i}", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
                elb.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
                listeners += 1
            if dense_left > 0:
                dense_left -= 1
                dim = [{"Name": "LoadBalancer", "Value": arn.split(":loadbalancer/")[1]}]
                data = [{"MetricName": "RequestCount", "Dimensions": dim, "Timestamp": start + dt.timedelta(hours=h, minutes=30), "Value": 1000.0}
                        for h in range(24 * a.days)]
                for k in range(0, len(data), 500):
                    cw.put_metric_data(Namespace="AWS/ApplicationELB", MetricData=data[k:k + 500])
        rest_n = apis // 2
        for i in range(apis):
            if i < rest_n:
                api = rest.create_rest_api(name=f"r{n}-{i}")["id"]
            else:
                api = v2.create_api(Name=f"h{n}-{i}", ProtocolType="HTTP")["ApiId"]
                v2.create_stage(ApiId=api, StageName="$default")
        queries = albs * 7 + (apis - rest_n) * 2  # REST APIs without stages have no series
        slot = {
            "elbv2:DescribeLoadBalancers": max(1, math.ceil(albs / 400)),
            "elbv2:DescribeTargetGroups": math.ceil(listeners / 400) if albs else 0,
            "elbv2:DescribeLoadBalancerAttributes": albs,
            "elbv2:DescribeListeners": albs,
            "elbv2:DescribeRules": listeners,
            "elbv2:DescribeTargetGroupAttributes": listeners,
            "elbv2:DescribeTargetHealth": listeners,
            "elbv2:DescribeTags": math.ceil(albs / 20),
            "elbv2:DescribeCapacityReservation": albs,
            # Interface endpoints are read only where a private REST API exists: none here.
            "ec2:DescribeVpcEndpoints": 0,
            "wafv2:ListWebACLs": 1 if albs else 0,
            "apigateway:GetRestApis": 1,
            "apigateway:GetStages": rest_n,
            "apigateway:GetResources": rest_n,
            # Authorizers and validators are read only for APIs whose methods name one, VPC
            # links only when an integration goes through one: these APIs have no methods.
            "apigateway:GetAuthorizers": 0,
            "apigateway:GetRequestValidators": 0,
            "apigateway:GetUsagePlans": 1 if rest_n else 0,
            "apigateway:GetDomainNames": 1 if rest_n else 0,
            "apigateway:GetVpcLinks": 0,
            "apigatewayv2:GetApis": 1,
            "apigatewayv2:GetRoutes": apis - rest_n,
            "apigatewayv2:GetIntegrations": apis - rest_n,
            "apigatewayv2:GetStages": apis - rest_n,
            "apigatewayv2:GetVpcLinks": 1 if apis - rest_n else 0,
            "apigatewayv2:GetDomainNames": 1,
            # Portals are read only where the region has a REST API; none has a portal here.
            "apigatewayv2:ListPortals": 1 if rest_n else 0,
            "cloudwatch:GetMetricData": math.ceil(queries / 500),
        }
        per_slot.append(slot)
    for slot in per_slot:
        for k, v in slot.items():
            bound[k] = bound.get(k, 0) + v
    with open(a.out, "w") as f:
        json.dump({"accounts": accounts, "regions": regions, "lower_bound": bound}, f, indent=1)


if __name__ == "__main__":
    main()
