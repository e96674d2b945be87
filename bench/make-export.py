#!/usr/bin/env python3
"""Writes a synthetic CUR 2.0 export (gzip CSV) for measuring `crossover reconcile --cur`.

    bench/make-export.py OUT_DIR --rows N [--files F]

The layout is the one AWS Data Exports writes: OUT_DIR/data/BILLING_PERIOD=2026-11/*.csv.gz.
Lines are hourly, spread over 1-30 November, 200 accounts and 5,000 resources, and mostly
charges reconciliation skips (EC2, S3), as an organization's export is: about 1 line in 10
is an ALB, API Gateway or VPC charge. Uses the standard library only.
"""
import argparse
import csv
import gzip
import os
import random

COLUMNS = [
    "bill_payer_account_id", "line_item_usage_start_date", "line_item_usage_end_date",
    "line_item_usage_account_id", "line_item_line_item_type", "line_item_product_code",
    "line_item_usage_type", "line_item_operation", "line_item_resource_id",
    "line_item_usage_amount", "line_item_unblended_rate", "line_item_unblended_cost",
    "line_item_net_unblended_cost", "line_item_line_item_description", "product_region_code",
    "pricing_unit",
]

KINDS = [
    ("AmazonEC2", "USE1-BoxUsage:m5.large", "RunInstances", "i-{:017x}", 1.0, 0.096),
    ("AmazonS3", "USE1-TimedStorage-ByteHrs", "StandardStorage", "bucket-{}", 3.2, 0.000032),
    ("AmazonEC2", "USE1-DataTransfer-Regional-Bytes", "InterZone-In", "i-{:017x}", 0.4, 0.01),
    ("AWSELB", "LCUUsage", "LoadBalancing:Application",
     "arn:aws:elasticloadbalancing:us-east-1:{acct}:loadbalancer/app/alb-{}/0123456789abcdef", 0.7, 0.008),
    ("AmazonApiGateway", "USE1-ApiGatewayRequest", "ApiGatewayRequest",
     "arn:aws:apigateway:us-east-1::/restapis/api{}/stages/prod", 1500.0, 0.0000035),
]
WEIGHTS = [60, 20, 10, 5, 5]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--files", type=int, default=4)
    a = p.parse_args()
    rnd = random.Random(14)
    folder = os.path.join(a.out, "data", "BILLING_PERIOD=2026-11")
    os.makedirs(folder, exist_ok=True)
    accounts = ["%012d" % (100000000000 + i) for i in range(200)]
    per_file = a.rows // a.files
    for f in range(a.files):
        path = os.path.join(folder, "bench-%05d.csv.gz" % (f + 1))
        with gzip.open(path, "wt", newline="", compresslevel=6) as out:
            w = csv.writer(out)
            w.writerow(COLUMNS)
            for _ in range(per_file):
                product, ut, op, res, qty, rate = rnd.choices(KINDS, WEIGHTS)[0]
                acct = rnd.choice(accounts)
                day = rnd.randint(1, 30)
                hour = rnd.randint(0, 23)
                start = "2026-11-%02dT%02d:00:00Z" % (day, hour)
                end = "2026-11-%02dT%02d:59:59Z" % (day, hour)
                q = qty * rnd.uniform(0.5, 1.5)
                cost = q * rate
                w.writerow([accounts[0], start, end, acct, "Usage", product, ut, op,
                            res.format(rnd.randint(0, 4999), acct=acct), "%.6f" % q, rate,
                            "%.10f" % cost, "%.10f" % (cost * 0.9), "a usage line", "us-east-1",
                            "Hrs"])


if __name__ == "__main__":
    main()
