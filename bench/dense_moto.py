#!/usr/bin/env python3
"""moto for the collect-memory benchmark (bench/collect_memory.sh): every GetMetricData query
is answered with a datapoint in every period of the window, as if every series of every
resource carried traffic every hour, in pages of at most 100,800 datapoints as AWS sends them
(moto sends one page, however large).

moto's own GetMetricData scans every stored point for every query and period, so a region
whose thousands of series all hold hourly data cannot be seeded and read back in a benchmark's
time. This answer costs one pass per query and period and holds nothing, and it gives collect
what it must hold at worst: series that are all dense. Everything else is
tests/scenarios/moto_server.py (moto plus the portal routes), unchanged.
"""
import datetime as dt
import os
import sys

from moto.cloudwatch.responses import CloudWatchResponse
from moto.core.responses import ActionResult

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "scenarios"))
import moto_server  # noqa: E402


# GetMetricData's documented maximum of datapoints in one response page: bodies the size AWS
# sends, each batch of 500 series over 30 days taking four pages.
MAX_DATAPOINTS = 100_800


def every_period(self):
    params = self._get_params()
    start = params["StartTime"].replace(microsecond=0)
    end = params["EndTime"].replace(microsecond=0)
    limit = min(int(params.get("MaxDatapoints") or MAX_DATAPOINTS), MAX_DATAPOINTS)
    # The token is the place of the page's first datapoint among all the queries' datapoints.
    first = int(params.get("NextToken") or 0)
    last = first + limit
    results = []
    place = 0
    for n, query in enumerate(params.get("MetricDataQueries", [])):
        stat = query["MetricStat"]
        period = dt.timedelta(seconds=int(stat["Period"]))
        stamps = []
        at = start
        while at < end:
            if first <= place < last:
                stamps.append(at)
            place += 1
            at += period
        if params.get("ScanBy") == "TimestampDescending":
            stamps.reverse()
        if stamps:
            results.append(
                {
                    "id": query["Id"],
                    "label": f'{stat["Metric"]["MetricName"]} {stat["Stat"]}',
                    # A value per query, so that series are told apart in the snapshot.
                    "values": [float(n + 1)] * len(stamps),
                    "timestamps": stamps,
                    "status_code": "Complete" if place <= last else "PartialData",
                }
            )
    result = {"MetricDataResults": results}
    if place > last:
        result["NextToken"] = str(last)
    return ActionResult(result)


CloudWatchResponse.get_metric_data = every_period

if __name__ == "__main__":
    sys.exit(moto_server.main(sys.argv[1:]))
