#!/usr/bin/env python3
"""Seeds moto with an AWS Organization: the management account (moto's default account) and
two member accounts, each holding one ALB and one HTTP API with a day of hourly traffic,
created through the audit role exactly as crossover will reach them.

Usage: seed_org.py --endpoint http://127.0.0.1:PORT --out expected.json [--role CrossoverAudit]
"""
import argparse
import datetime as dt
import json

import boto3

KEY = dict(aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="test-secret-not-real")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--role", default="CrossoverAudit")
    p.add_argument("--days", type=int, default=1)
    a = p.parse_args()
    region = "us-east-1"
    org = boto3.client("organizations", region_name=region, endpoint_url=a.endpoint, **KEY)
    org.create_organization(FeatureSet="ALL")
    members = []
    for name in ("payments", "search"):
        status = org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]
        members.append((name, status["AccountId"]))
    sts = boto3.client("sts", region_name=region, endpoint_url=a.endpoint, **KEY)
    end = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(hours=24 * a.days)
    expected = {"members": {}, "management": sts.get_caller_identity()["Account"]}
    for n, (name, account) in enumerate(members):
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{a.role}", RoleSessionName="seed")["Credentials"]
        session = dict(
            region_name=region,
            endpoint_url=a.endpoint,
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
        )
        ec2 = boto3.client("ec2", **session)
        vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.1.{i}.0/24", AvailabilityZone=f"{region}{z}")["Subnet"]["SubnetId"]
            for i, z in enumerate("ab")
        ]
        elb = boto3.client("elbv2", **session)
        alb = elb.create_load_balancer(Name=f"{name}-alb", Subnets=subnets, Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
        v2 = boto3.client("apigatewayv2", **session)
        api = v2.create_api(Name=f"{name}-http", ProtocolType="HTTP")["ApiId"]
        v2.create_stage(ApiId=api, StageName="$default")
        cw = boto3.client("cloudwatch", **session)
        hours = 24 * a.days
        requests = 1000 * (n + 1)
        data = []
        for h in range(hours):
            ts = start + dt.timedelta(hours=h, minutes=30)
            data.append({"MetricName": "RequestCount", "Dimensions": [{"Name": "LoadBalancer", "Value": alb.split(":loadbalancer/")[1]}], "Timestamp": ts, "Value": float(requests)})
            data.append({"MetricName": "Count", "Dimensions": [{"Name": "ApiId", "Value": api}, {"Name": "Stage", "Value": "$default"}], "Timestamp": ts, "Value": float(requests)})
        cw.put_metric_data(Namespace="AWS/ApplicationELB", MetricData=[d for d in data if d["MetricName"] == "RequestCount"])
        cw.put_metric_data(Namespace="AWS/ApiGateway", MetricData=[d for d in data if d["MetricName"] == "Count"])
        expected["members"][account] = {"name": name, "alb": alb, "api": api, "requests_per_hour": requests}
    with open(a.out, "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
