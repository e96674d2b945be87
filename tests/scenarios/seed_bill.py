#!/usr/bin/env python3
"""Sets what moto's bill sources answer, through moto's own API: the queue of Cost Explorer
GetCostAndUsage results (POST /moto-api/static/ce/cost-and-usage-results) and of Athena query
results (POST /moto-api/static/athena/query-results). moto hands the first queued result to
the first request with a body it has not seen, so each page of a paginated answer is one
queued result. Writes back what it queued.

Usage: seed_bill.py --endpoint URL --out queued.json [--ce results.json] [--athena results.json]
  results.json: {"results": [...]} as moto's API takes it.
"""
import argparse
import json
import urllib.request


def post(endpoint, path, body):
    request = urllib.request.Request(
        endpoint.rstrip("/") + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        assert response.status == 201, f"{path}: HTTP {response.status}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--ce")
    parser.add_argument("--athena")
    args = parser.parse_args()
    queued = {}
    for name, path, given in [
        ("ce", "/moto-api/static/ce/cost-and-usage-results", args.ce),
        ("athena", "/moto-api/static/athena/query-results", args.athena),
    ]:
        if given:
            with open(given) as f:
                body = json.load(f)
            post(args.endpoint, path, body)
            queued[name] = len(body["results"])
    with open(args.out, "w") as f:
        json.dump(queued, f)


if __name__ == "__main__":
    main()
