#!/usr/bin/env python3
"""Changes the account that seed.py made, between two scans of an audit cycle: adds one ALB
(with a target group and a listener), deletes one, and multiplies the traffic of one HTTP API.
Writes what it did (names, ARNs, ids) to a JSON file.

Usage: mutate.py --endpoint URL --out changes.json --add-alb REGION/NAME --delete-alb REGION/NAME
                 --scale-http-api REGION/NAME --factor 3

CloudWatch sums the datapoints of an hour, so multiplying a series by F means adding (F - 1)
times each stored hourly sum at the same hour; this reads the sums back from CloudWatch rather
than assuming what the seeder wrote.
"""
import argparse
import datetime as dt
import json
import sys

from seed import client  # the same test credentials as the account it changes


def region_and_name(value):
    region, _, name = value.partition("/")
    if not region or not name:
        raise argparse.ArgumentTypeError(f"expected REGION/NAME, got {value!r}")
    return region, name


def alb_named(elb, name):
    lbs = elb.describe_load_balancers(Names=[name])["LoadBalancers"]
    assert len(lbs) == 1, f"{len(lbs)} load balancers named {name}"
    return lbs[0]


def add_alb(endpoint, region, name):
    """A new internet-facing ALB in the VPC and subnets of an ALB the seeder made there."""
    elb = client("elbv2", region, endpoint)
    existing = elb.describe_load_balancers()["LoadBalancers"][0]
    subnets = [az["SubnetId"] for az in existing["AvailabilityZones"]][:2]
    arn = elb.create_load_balancer(Name=name, Subnets=subnets, Type="application")[
        "LoadBalancers"
    ][0]["LoadBalancerArn"]
    tg = elb.create_target_group(
        Name=name, Protocol="HTTP", Port=80, VpcId=existing["VpcId"], TargetType="ip"
    )["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(
        LoadBalancerArn=arn,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}],
    )
    return {"region": region, "name": name, "id": arn}


def delete_alb(endpoint, region, name):
    elb = client("elbv2", region, endpoint)
    arn = alb_named(elb, name)["LoadBalancerArn"]
    for listener in elb.describe_listeners(LoadBalancerArn=arn)["Listeners"]:
        elb.delete_listener(ListenerArn=listener["ListenerArn"])
    elb.delete_load_balancer(LoadBalancerArn=arn)
    return {"region": region, "name": name, "id": arn}


def scale_http_api(endpoint, region, name, factor):
    v2 = client("apigatewayv2", region, endpoint)
    ids = [a["ApiId"] for a in v2.get_apis()["Items"] if a["Name"] == name]
    assert len(ids) == 1, f"{len(ids)} APIs named {name}"
    api_id = ids[0]
    cw = client("cloudwatch", region, endpoint)
    now = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
    # Everything the seeder can have written (at most 455 days back) up to this hour.
    start, end = now - dt.timedelta(days=456), now + dt.timedelta(hours=1)
    added, scaled = [], []
    # moto lists a metric once per stored datapoint: one entry per name and dimensions here.
    metrics = {}
    for m in cw.list_metrics(
        Namespace="AWS/ApiGateway", Dimensions=[{"Name": "ApiId", "Value": api_id}]
    )["Metrics"]:
        dims = tuple(sorted((d["Name"], d["Value"]) for d in m["Dimensions"]))
        metrics[(m["MetricName"], dims)] = m
    metrics = list(metrics.values())
    assert metrics, f"{name} has no metrics to scale"
    for m in metrics:
        points = cw.get_metric_statistics(
            Namespace=m["Namespace"],
            MetricName=m["MetricName"],
            Dimensions=m["Dimensions"],
            StartTime=start,
            EndTime=end,
            Period=3600,
            Statistics=["Sum"],
        )["Datapoints"]
        for p in points:
            hour = p["Timestamp"].replace(minute=0, second=0, microsecond=0)
            added.append(
                {
                    "MetricName": m["MetricName"],
                    "Dimensions": m["Dimensions"],
                    "Timestamp": hour + dt.timedelta(minutes=30),
                    "Value": p["Sum"] * (factor - 1),
                }
            )
        scaled.append({"metric": m["MetricName"], "hours": len(points)})
    for i in range(0, len(added), 500):
        cw.put_metric_data(Namespace="AWS/ApiGateway", MetricData=added[i : i + 500])
    return {"region": region, "name": name, "id": api_id, "factor": factor, "metrics": scaled}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--add-alb", type=region_and_name, required=True)
    p.add_argument("--delete-alb", type=region_and_name, required=True)
    p.add_argument("--scale-http-api", type=region_and_name, required=True)
    p.add_argument("--factor", type=float, default=3.0)
    a = p.parse_args()
    changes = {
        "added": add_alb(a.endpoint, *a.add_alb),
        "removed": delete_alb(a.endpoint, *a.delete_alb),
        "scaled": scale_http_api(a.endpoint, *a.scale_http_api, a.factor),
    }
    with open(a.out, "w") as f:
        json.dump(changes, f, indent=1)
    print(f"changed the account: {json.dumps(changes)}", file=sys.stderr)


if __name__ == "__main__":
    main()
