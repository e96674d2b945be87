#!/usr/bin/env python3
"""Writes a large crossover snapshot for the report benchmark and the report-size checks: N
resources spread over A accounts and R regions, over a D-day window, made from the resources
of the bundled sample (examples/sample-account.json) so that every kind, configuration and
feature gap the sample has recurs at scale.

Each copy gets its own name, id, ARN, account and region (every occurrence in its
configuration is rewritten, so that VPC-link chains and ARNs stay consistent), a `team` tag on
four resources out of five (the rest untagged, as in real organizations), and hourly series
tiled from the sample's to the window's length and scaled by a per-resource factor between a
hundredth and a hundred, so that costs and recommendations vary. The output is deterministic
for a given seed. Account names go to the snapshot's `account_names`, as an organization scan
writes them.

    bench/make_snapshot.py --resources 10000 --days 30 --out target/bench/big-snapshot.json
"""
import argparse
import datetime as dt
import json
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TEAMS = ["payments", "checkout", "search", "identity", "platform", "mobile", "partners", "data"]
REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1", "ca-central-1"]
SAMPLE_ACCOUNT = "123456789012"


def api_id(rng):
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(10))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--resources", type=int, default=10000)
    p.add_argument("--accounts", type=int, default=40)
    p.add_argument("--regions", type=int, default=4)
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--seed", type=int, default=16)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    if not 1 <= args.regions <= len(REGIONS):
        p.error(f"--regions must be 1 to {len(REGIONS)}")
    rng = random.Random(args.seed)

    with open(os.path.join(ROOT, "examples", "sample-account.json")) as f:
        sample = json.load(f)
    templates = sample["resources"]
    hours = args.days * 24
    end = dt.datetime(2026, 11, 25, 12, tzinfo=dt.timezone.utc)
    start = end - dt.timedelta(hours=hours)
    accounts = [f"{100000000000 + 7919 * i:012d}" for i in range(args.accounts)]
    regions = REGIONS[: args.regions]

    resources = []
    metrics = {}
    for i in range(args.resources):
        t = templates[i % len(templates)]
        account = accounts[rng.randrange(len(accounts))]
        region = regions[rng.randrange(len(regions))]
        team = TEAMS[rng.randrange(len(TEAMS))]
        name = f"{t['name']}-{i:05d}"
        factor = 10 ** rng.uniform(-2, 2)
        text = json.dumps({"config": t["config"], "id": t["id"]})
        if t["kind"] == "alb":
            suffix = "%016x" % rng.getrandbits(64)
            old_lb = t["id"].split("loadbalancer/")[1]  # app/NAME/HEX
            text = text.replace(old_lb, f"app/{name}/{suffix}")
        else:
            text = text.replace(t["id"], api_id(rng))
        text = text.replace(SAMPLE_ACCOUNT, account)
        for r in sample["regions"]:
            text = text.replace(r, region)
        body = json.loads(text)
        config = body["config"]
        config["name"] = name
        if rng.random() < 0.8:
            config.setdefault("tags", {})["team"] = team
        else:
            config["tags"] = {k: v for k, v in config.get("tags", {}).items() if k != "team"}
        usage = json.loads(json.dumps(t["usage"]).replace(SAMPLE_ACCOUNT, account))
        for s in usage["series"]:
            src = s["hourly"]
            if src:
                tiled = [src[h % len(src)] * factor for h in range(hours)]
                s["hourly"] = [round(v, 2) for v in tiled]
            else:
                s["hourly"] = [0.0] * hours if s.get("has_data") else []
            # Dimensions name the resource: an ALB by its LoadBalancer suffix, a REST API by
            # its name, a v2 API by its id.
            s["dimensions"] = [
                [k, body["id"].split("loadbalancer/")[1] if k == "LoadBalancer"
                 else name if k == "ApiName" else body["id"] if k == "ApiId" else v]
                for k, v in s["dimensions"]
            ]
        key = (account, region)
        metrics[key] = metrics.get(key, 0) + len(usage["series"])
        resources.append({
            "kind": t["kind"],
            "account_id": account,
            "region": region,
            "id": body["id"],
            "name": name,
            "config": config,
            "usage": usage,
        })

    snapshot = {
        "schema_version": 1,
        "tool_version": sample["tool_version"],
        "partition": "aws",
        "account_ids": sorted(set(r["account_id"] for r in resources)),
        "regions": regions,
        "window": {"start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"), "hours": hours},
        "period_seconds": 3600,
        "collected_at": (end + dt.timedelta(minutes=18)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "resources": resources,
        "gaps": [],
        "notes": [],
        "cloudwatch_requests": [
            {"account_id": a, "region": r, "metrics_requested": n,
             "getmetricdata_calls": -(-n // 500)}
            for (a, r), n in sorted(metrics.items())
        ],
        "account_names": {a: f"{TEAMS[i % len(TEAMS)]}-{'prod' if i % 2 else 'staging'}-{i:02d}"
                          for i, a in enumerate(accounts)},
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(snapshot, f, separators=(",", ":"))
    os.replace(tmp, args.out)
    print(f"{args.out}: {len(resources)} resources, {len(snapshot['account_ids'])} accounts, "
          f"{len(regions)} regions, {hours} hours, {os.path.getsize(args.out) / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
