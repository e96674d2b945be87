#!/usr/bin/env python3
"""Seeds a moto server with the account the end-to-end tests collect, and writes what the
tests must find (resources, feature fields and every hourly metric value) to a JSON file.

Usage: seed.py --endpoint http://127.0.0.1:PORT --out expected.json [--days N] [--bulk-albs N]
               [--bulk-apis N] [--growth-api]

It talks to moto through boto3 (an AWS SDK), never to real AWS: moto accepts metric data in
the AWS/ namespaces and timestamps older than two weeks, which real CloudWatch rejects.
"""
import argparse
import datetime as dt
import json
import sys

import boto3

ACCOUNT = "123456789012"


def client(service, region, endpoint):
    return boto3.client(
        service,
        region_name=region,
        endpoint_url=endpoint,
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="test-secret-not-real",
    )


class Scenario:
    def __init__(self, endpoint, days, end=None):
        self.endpoint = endpoint
        now = end or dt.datetime.now(dt.timezone.utc)
        self.end = now.replace(minute=0, second=0, microsecond=0)
        self.hours = days * 24
        self.start = self.end - dt.timedelta(hours=self.hours)
        self.expected = {
            "account_id": ACCOUNT,
            "window_end": int(self.end.timestamp()),
            "hours": self.hours,
            "resources": [],
            "metrics": [],
        }
        self.pending_metrics = {}

    def c(self, service, region):
        return client(service, region, self.endpoint)

    # --- networking -------------------------------------------------------------------
    def network(self, region):
        ec2 = self.c("ec2", region)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        azs = [region + "a", region + "b", region + "c"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=az)[
                "Subnet"
            ]["SubnetId"]
            for i, az in enumerate(azs)
        ]
        return vpc, subnets, azs

    # --- metrics ----------------------------------------------------------------------
    def series(self, region, namespace, metric, dims, values):
        """Stores one datapoint per hour (in the middle of the hour) and remembers the
        hourly values the collector must return."""
        assert len(values) == self.hours
        data = []
        for h, v in enumerate(values):
            if v is None:
                continue
            ts = self.start + dt.timedelta(hours=h, minutes=30)
            data.append(
                {
                    "MetricName": metric,
                    "Dimensions": [{"Name": k, "Value": val} for k, val in dims],
                    "Timestamp": ts,
                    "Value": float(v),
                }
            )
        self.pending_metrics.setdefault((region, namespace), []).extend(data)
        self.expected["metrics"].append(
            {
                "region": region,
                "namespace": namespace,
                "metric": metric,
                "dimensions": dims,
                "hourly": [0.0 if v is None else float(v) for v in values],
            }
        )

    def flush_metrics(self):
        for (region, namespace), data in self.pending_metrics.items():
            cw = self.c("cloudwatch", region)
            for i in range(0, len(data), 500):
                cw.put_metric_data(Namespace=namespace, MetricData=data[i : i + 500])
        self.pending_metrics = {}

    def alb_metrics(self, region, arn, scale, lambda_share=0.0, bytes_per_request=2048):
        dim = [("LoadBalancer", arn.split(":loadbalancer/")[1])]
        h = range(self.hours)
        # A daily cycle, quieter weekends and 2% growth a day, so that ranges and trends
        # have something to show.
        def factor(i):
            day = i // 24
            return (1 + 0.02 * day) * (0.7 if day % 7 in (5, 6) else 1.0)
        req = [round(scale * (100 + (i % 24) * 10) * factor(i)) for i in h]
        byts = [r * bytes_per_request for r in req]
        self.series(region, "AWS/ApplicationELB", "RequestCount", dim, req)
        self.series(region, "AWS/ApplicationELB", "ProcessedBytes", dim, byts)
        self.series(region, "AWS/ApplicationELB", "NewConnectionCount", dim, [r / 4 for r in req])
        self.series(region, "AWS/ApplicationELB", "ActiveConnectionCount", dim, [r / 2 for r in req])
        self.series(region, "AWS/ApplicationELB", "RuleEvaluations", dim, [r * 3 for r in req])
        self.series(
            region,
            "AWS/ApplicationELB",
            "LambdaTargetProcessedBytes",
            dim,
            [b * lambda_share for b in byts],
        )
        # ConsumedLCUs as CloudWatch would report it: the largest billing dimension per hour.
        lcus = []
        for r, b in zip(req, byts):
            lcus.append(round(max(r / 4 / 3600 / 25, b / 1e9, (r / 2 / 60) / 3000), 6))
        self.series(region, "AWS/ApplicationELB", "ConsumedLCUs", dim, lcus)

    # --- resources --------------------------------------------------------------------
    def resource(self, **kw):
        self.expected["resources"].append(kw)


def seed_us_east_1(s):
    region = "us-east-1"
    elb = s.c("elbv2", region)
    vpc, subnets, azs = s.network(region)

    def alb(name, scheme="internet-facing", ip="ipv4", tags=None):
        kw = dict(Name=name, Subnets=subnets[:2], Scheme=scheme, Type="application", IpAddressType=ip)
        if tags:
            kw["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
        lb = elb.create_load_balancer(**kw)["LoadBalancers"][0]
        return lb["LoadBalancerArn"]

    def tg(name, target_type="instance", protocol_version=None, **attrs):
        kw = dict(Name=name, Protocol="HTTP", Port=80, VpcId=vpc, TargetType=target_type)
        if target_type == "lambda":
            kw = dict(Name=name, TargetType="lambda")
        if protocol_version:
            kw["ProtocolVersion"] = protocol_version
            kw["Matcher"] = {"GrpcCode": "0-99"}
        arn = elb.create_target_group(**kw)["TargetGroups"][0]["TargetGroupArn"]
        if attrs:
            elb.modify_target_group_attributes(
                TargetGroupArn=arn,
                Attributes=[{"Key": k, "Value": v} for k, v in attrs.items()],
            )
        return arn

    # A routing-rich web ALB.
    web = alb("web-frontend", tags={"team": "web", "env": "prod"})
    web_tg = tg("web-app", **{"stickiness.enabled": "true", "slow_start.duration_seconds": "30"})
    web_tg2 = tg("web-canary", target_type="ip")
    elb.register_targets(TargetGroupArn=web_tg, Targets=[{"Id": "i-0123456789abcdef0"}])
    elb.modify_load_balancer_attributes(
        LoadBalancerArn=web, Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "120"}]
    )
    listener = elb.create_listener(
        LoadBalancerArn=web,
        Protocol="HTTP",
        Port=80,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": web_tg}],
    )["Listeners"][0]["ListenerArn"]
    rules = [
        ([{"Field": "host-header", "HostHeaderConfig": {"Values": ["api.example.com"]}}],
         [{"Type": "forward", "TargetGroupArn": web_tg}]),
        ([{"Field": "http-header", "HttpHeaderConfig": {"HttpHeaderName": "X-Beta", "Values": ["1"]}}],
         [{"Type": "forward", "ForwardConfig": {
             "TargetGroups": [{"TargetGroupArn": web_tg, "Weight": 90}, {"TargetGroupArn": web_tg2, "Weight": 10}],
             "TargetGroupStickinessConfig": {"Enabled": True, "DurationSeconds": 300}}}]),
        ([{"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "v", "Value": "2"}]}}],
         [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200", "ContentType": "text/plain", "MessageBody": "ok"}}]),
        ([{"Field": "source-ip", "SourceIpConfig": {"Values": ["10.0.0.0/8"]}}],
         [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]),
        ([{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/login*"]}}],
         [{"Type": "authenticate-oidc", "Order": 1, "AuthenticateOidcConfig": {
             "Issuer": "https://idp.example.com", "AuthorizationEndpoint": "https://idp.example.com/auth",
             "TokenEndpoint": "https://idp.example.com/token", "UserInfoEndpoint": "https://idp.example.com/userinfo",
             "ClientId": "client", "ClientSecret": "not-a-secret"}},
          {"Type": "forward", "Order": 2, "TargetGroupArn": web_tg}]),
    ]
    for prio, (conds, actions) in enumerate(rules, start=1):
        elb.create_rule(ListenerArn=listener, Priority=prio, Conditions=conds, Actions=actions)
    s.alb_metrics(region, web, scale=50)
    s.resource(kind="alb", region=region, name="web-frontend", id=web, listeners=1, rules=6,
               target_groups=["web-app", "web-canary"], tags={"team": "web", "env": "prod"},
               idle_timeout="120", scheme="internet-facing",
               condition_fields=["host-header", "http-header", "query-string", "source-ip", "path-pattern"],
               action_types=["authenticate-oidc", "fixed-response", "forward", "redirect"],
               weighted=True, waf=True)

    # A gRPC ALB.
    grpc = alb("grpc-backend", ip="dualstack")
    grpc_tg = tg("grpc-svc", protocol_version="GRPC")
    elb.create_listener(LoadBalancerArn=grpc, Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": grpc_tg}])
    s.alb_metrics(region, grpc, scale=20)
    s.resource(kind="alb", region=region, name="grpc-backend", id=grpc, listeners=1, rules=1,
               target_groups=["grpc-svc"], protocol_version="GRPC", ip_address_type="dualstack")

    # A low-traffic Lambda-backed ALB.
    lam = alb("lambda-hooks")
    lam_tg = tg("hooks-fn", target_type="lambda")
    elb.create_listener(LoadBalancerArn=lam, Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": lam_tg}])
    s.alb_metrics(region, lam, scale=1, lambda_share=1.0, bytes_per_request=200_000)
    s.resource(kind="alb", region=region, name="lambda-hooks", id=lam, listeners=1, rules=1,
               target_groups=["hooks-fn"], target_type="lambda")

    # An internal ALB with no traffic at all (no series in CloudWatch).
    idle = alb("idle-internal", scheme="internal")
    s.resource(kind="alb", region=region, name="idle-internal", id=idle, listeners=0, rules=0,
               target_groups=[], scheme="internal", no_data=True)

    # WAF on the web ALB.
    waf = s.c("wafv2", region)
    acl = waf.create_web_acl(
        Name="edge-acl", Scope="REGIONAL", DefaultAction={"Allow": {}},
        VisibilityConfig={"SampledRequestsEnabled": False, "CloudWatchMetricsEnabled": False,
                          "MetricName": "edge-acl"},
    )["Summary"]["ARN"]
    waf.associate_web_acl(WebACLArn=acl, ResourceArn=web)
    s.expected["web_acl_arn"] = acl

    seed_rest(s, region)
    seed_v2(s, region, listener)


def seed_rest(s, region):
    apigw = s.c("apigateway", region)
    api = apigw.create_rest_api(
        name="orders-rest",
        endpointConfiguration={"types": ["REGIONAL"]},
        policy=json.dumps({"Version": "2012-10-17", "Statement": []}),
        tags={"team": "orders"},
    )
    api_id = api["id"]
    root = [r for r in apigw.get_resources(restApiId=api_id)["items"] if r["path"] == "/"][0]["id"]
    orders = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="orders")["id"]
    health = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="health")["id"]
    cognito = apigw.create_authorizer(
        restApiId=api_id, name="users", type="COGNITO_USER_POOLS",
        providerARNs=[f"arn:aws:cognito-idp:{region}:{ACCOUNT}:userpool/{region}_abc"],
        identitySource="method.request.header.Authorization",
    )["id"]
    token = apigw.create_authorizer(
        restApiId=api_id, name="token-auth", type="TOKEN",
        authorizerUri=f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{ACCOUNT}:function:auth/invocations",
        identitySource="method.request.header.Authorization",
    )["id"]
    validator = apigw.create_request_validator(restApiId=api_id, name="body", validateRequestBody=True)["id"]
    lambda_uri = f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{ACCOUNT}:function:orders/invocations"

    apigw.put_method(restApiId=api_id, resourceId=orders, httpMethod="GET",
                     authorizationType="COGNITO_USER_POOLS", authorizerId=cognito,
                     apiKeyRequired=True, requestValidatorId=validator)
    apigw.put_integration(restApiId=api_id, resourceId=orders, httpMethod="GET",
                          type="AWS_PROXY", integrationHttpMethod="POST", uri=lambda_uri,
                          timeoutInMillis=29000)
    apigw.put_method(restApiId=api_id, resourceId=orders, httpMethod="POST",
                     authorizationType="CUSTOM", authorizerId=token)
    apigw.put_integration(restApiId=api_id, resourceId=orders, httpMethod="POST",
                          type="AWS", integrationHttpMethod="POST",
                          uri=f"arn:aws:apigateway:{region}:sqs:path/{ACCOUNT}/orders",
                          requestTemplates={"application/json": "Action=SendMessage&MessageBody=$input.body"})
    apigw.put_method(restApiId=api_id, resourceId=health, httpMethod="GET", authorizationType="AWS_IAM")
    apigw.put_integration(restApiId=api_id, resourceId=health, httpMethod="GET", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
    dep = apigw.create_deployment(restApiId=api_id)["id"]
    apigw.create_stage(restApiId=api_id, stageName="prod", deploymentId=dep,
                       cacheClusterEnabled=True, cacheClusterSize="0.5", tracingEnabled=True)
    apigw.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "10"},
    ])
    plan = apigw.create_usage_plan(name="partners", apiStages=[{"apiId": api_id, "stage": "prod"}],
                                   throttle={"rateLimit": 100, "burstLimit": 200},
                                   quota={"limit": 10000, "period": "MONTH"})["id"]
    key = apigw.create_api_key(name="partner-a", enabled=True)["id"]
    apigw.create_usage_plan_key(usagePlanId=plan, keyId=key, keyType="API_KEY")
    apigw.create_domain_name(domainName="orders.example.com",
                             regionalCertificateArn=f"arn:aws:acm:{region}:{ACCOUNT}:certificate/abc",
                             endpointConfiguration={"types": ["REGIONAL"]},
                             mutualTlsAuthentication={"truststoreUri": "s3://truststores/orders.pem"})
    apigw.create_base_path_mapping(domainName="orders.example.com", restApiId=api_id, stage="prod")
    h = range(s.hours)
    s.series(region, "AWS/ApiGateway", "Count", [("ApiName", "orders-rest"), ("Stage", "prod")],
             [1000 + i for i in h])
    s.series(region, "AWS/ApiGateway", "CacheHitCount", [("ApiName", "orders-rest"), ("Stage", "prod")],
             [400 + i for i in h])
    s.series(region, "AWS/ApiGateway", "CacheMissCount", [("ApiName", "orders-rest"), ("Stage", "prod")],
             [600 for _ in h])
    s.resource(kind="rest_api", region=region, name="orders-rest", id=api_id, stages=["prod"],
               cache_size="0.5", usage_plans=["partners"], api_key_required=True,
               authorizer_types=["COGNITO_USER_POOLS", "TOKEN"], integration_types=["AWS", "AWS_PROXY", "MOCK"],
               custom_domain="orders.example.com", mtls=True, resource_policy=True, tags={"team": "orders"})

    # Two REST APIs sharing one name: CloudWatch cannot tell their traffic apart.
    for n in range(2):
        dup = apigw.create_rest_api(name="legacy-api", endpointConfiguration={"types": ["EDGE" if n == 0 else "PRIVATE"]})["id"]
        r = [x for x in apigw.get_resources(restApiId=dup)["items"] if x["path"] == "/"][0]["id"]
        apigw.put_method(restApiId=dup, resourceId=r, httpMethod="GET", authorizationType="NONE")
        apigw.put_integration(restApiId=dup, resourceId=r, httpMethod="GET", type="HTTP_PROXY",
                              integrationHttpMethod="GET", uri="http://legacy.example.com/")
        d = apigw.create_deployment(restApiId=dup)["id"]
        apigw.create_stage(restApiId=dup, stageName="v1", deploymentId=d)
        s.resource(kind="rest_api", region=region, name="legacy-api", id=dup, stages=["v1"],
                   endpoint_types=["EDGE" if n == 0 else "PRIVATE"])
    s.series(region, "AWS/ApiGateway", "Count", [("ApiName", "legacy-api"), ("Stage", "v1")],
             [5 for _ in range(s.hours)])

    # The private legacy-api is reached through an execute-api interface endpoint in two
    # subnets, which no API names: it is shared by the region's private APIs that name none.
    ec2 = s.c("ec2", region)
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZone=f"{region}{z}")["Subnet"]["SubnetId"]
        for i, z in enumerate("ab")
    ]
    service = f"com.amazonaws.{region}.execute-api"
    vpce = ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc, ServiceName=service,
                                   SubnetIds=subnets)["VpcEndpoint"]["VpcEndpointId"]
    s.series(region, "AWS/PrivateLinkEndpoints", "BytesProcessed",
             [("Endpoint Type", "Interface"), ("Service Name", service), ("VPC Endpoint Id", vpce), ("VPC Id", vpc)],
             [5 * 8192 for _ in range(s.hours)])
    s.expected["execute_api_endpoint"] = {"id": vpce, "region": region, "subnets": len(subnets)}


def seed_v2(s, region, alb_listener_arn):
    v2 = s.c("apigatewayv2", region)
    http = v2.create_api(Name="checkout-http", ProtocolType="HTTP",
                         CorsConfiguration={"AllowOrigins": ["https://shop.example.com"], "AllowMethods": ["GET", "POST"]},
                         Tags={"team": "checkout"})["ApiId"]
    jwt = v2.create_authorizer(ApiId=http, AuthorizerType="JWT", Name="jwt",
                               IdentitySource=["$request.header.Authorization"],
                               JwtConfiguration={"Audience": ["shop"], "Issuer": "https://cognito-idp.us-east-1.amazonaws.com/pool"})["AuthorizerId"]
    lam = v2.create_integration(ApiId=http, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
                                IntegrationUri=f"arn:aws:lambda:{region}:{ACCOUNT}:function:checkout")["IntegrationId"]
    link = v2.create_vpc_link(Name="to-web", SubnetIds=["subnet-1", "subnet-2"])["VpcLinkId"]
    priv = v2.create_integration(ApiId=http, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY",
                                 ConnectionType="VPC_LINK", ConnectionId=link,
                                 IntegrationUri=alb_listener_arn, PayloadFormatVersion="1.0")["IntegrationId"]
    sqs = v2.create_integration(ApiId=http, IntegrationType="AWS_PROXY", IntegrationSubtype="SQS-SendMessage",
                                PayloadFormatVersion="1.0", CredentialsArn=f"arn:aws:iam::{ACCOUNT}:role/sqs",
                                RequestParameters={"QueueUrl": "https://sqs.example/q", "MessageBody": "$request.body"})["IntegrationId"]
    v2.create_route(ApiId=http, RouteKey="POST /checkout", AuthorizationType="JWT", AuthorizerId=jwt,
                    Target=f"integrations/{lam}")
    v2.create_route(ApiId=http, RouteKey="ANY /web/{proxy+}", Target=f"integrations/{priv}")
    v2.create_route(ApiId=http, RouteKey="POST /events", AuthorizationType="AWS_IAM", Target=f"integrations/{sqs}")
    v2.create_stage(ApiId=http, StageName="$default", AutoDeploy=True,
                    DefaultRouteSettings={"ThrottlingRateLimit": 500, "ThrottlingBurstLimit": 1000})
    h = range(s.hours)
    s.series(region, "AWS/ApiGateway", "Count", [("ApiId", http), ("Stage", "$default")],
             [2000 + 5 * i for i in h])
    s.series(region, "AWS/ApiGateway", "DataProcessed", [("ApiId", http), ("Stage", "$default")],
             [(2000 + 5 * i) * 1500 for i in h])
    s.resource(kind="http_api", region=region, name="checkout-http", id=http, stages=["$default"],
               routes=3, authorizer_types=["JWT"], integration_types=["AWS_PROXY", "HTTP_PROXY"],
               vpc_link=link, integration_uri=alb_listener_arn, cors=True, tags={"team": "checkout"})

    # Two busy HTTP APIs: with checkout-http the region passes the 300M-request tier, so the
    # tier price is shared; events-http is Lambda-backed at several hundred million requests.
    events = v2.create_api(Name="events-http", ProtocolType="HTTP")["ApiId"]
    ev = v2.create_integration(ApiId=events, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
                               IntegrationUri=f"arn:aws:lambda:{region}:{ACCOUNT}:function:events")["IntegrationId"]
    v2.create_route(ApiId=events, RouteKey="POST /events", Target=f"integrations/{ev}")
    v2.create_stage(ApiId=events, StageName="$default", AutoDeploy=True)
    s.series(region, "AWS/ApiGateway", "Count", [("ApiId", events), ("Stage", "$default")],
             [700_000 for _ in h])
    s.series(region, "AWS/ApiGateway", "DataProcessed", [("ApiId", events), ("Stage", "$default")],
             [700_000 * 1024 for _ in h])
    s.resource(kind="http_api", region=region, name="events-http", id=events, stages=["$default"], routes=1,
               integration_types=["AWS_PROXY"])
    partner = v2.create_api(Name="partner-http", ProtocolType="HTTP")["ApiId"]
    v2.create_stage(ApiId=partner, StageName="v1")
    s.series(region, "AWS/ApiGateway", "Count", [("ApiId", partner), ("Stage", "v1")],
             [200_000 for _ in h])
    s.resource(kind="http_api", region=region, name="partner-http", id=partner, stages=["v1"], routes=0)

    ws = v2.create_api(Name="chat-ws", ProtocolType="WEBSOCKET",
                       RouteSelectionExpression="$request.body.action",
                       ApiKeySelectionExpression="$request.header.x-api-key")["ApiId"]
    wauth = v2.create_authorizer(ApiId=ws, AuthorizerType="REQUEST", Name="ws-auth",
                                 IdentitySource=["route.request.header.Auth"],
                                 AuthorizerUri=f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{ACCOUNT}:function:wsauth/invocations")["AuthorizerId"]
    wi = v2.create_integration(ApiId=ws, IntegrationType="AWS_PROXY",
                               IntegrationUri=f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{ACCOUNT}:function:chat/invocations")["IntegrationId"]
    mock = v2.create_integration(ApiId=ws, IntegrationType="MOCK",
                                 RequestTemplates={"$default": '{"statusCode": 200}'},
                                 TemplateSelectionExpression="\\$default")["IntegrationId"]
    v2.create_route(ApiId=ws, RouteKey="$connect", AuthorizationType="CUSTOM", AuthorizerId=wauth,
                    ApiKeyRequired=True, Target=f"integrations/{wi}")
    v2.create_route(ApiId=ws, RouteKey="$default", Target=f"integrations/{mock}")
    v2.create_stage(ApiId=ws, StageName="prod")
    s.series(region, "AWS/ApiGateway", "MessageCount", [("ApiId", ws), ("Stage", "prod")],
             [300 + i for i in h])
    s.series(region, "AWS/ApiGateway", "ConnectCount", [("ApiId", ws), ("Stage", "prod")],
             [10 for _ in h])
    s.resource(kind="websocket_api", region=region, name="chat-ws", id=ws, stages=["prod"], routes=2,
               authorizer_types=["REQUEST"], integration_types=["AWS_PROXY", "MOCK"], api_key_required=True)


def seed_eu_west_1(s, bulk):
    region = "eu-west-1"
    elb = s.c("elbv2", region)
    vpc, subnets, _ = s.network(region)
    shop = elb.create_load_balancer(Name="shop-eu", Subnets=subnets[:3], Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
    tg = elb.create_target_group(Name="shop-eu", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
    elb.create_listener(LoadBalancerArn=shop, Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
    s.alb_metrics(region, shop, scale=10)
    s.resource(kind="alb", region=region, name="shop-eu", id=shop, listeners=1, rules=1,
               target_groups=["shop-eu"], availability_zones=3)
    # Two more low-traffic ALBs in the same VPC: with shop-eu, a consolidation case.
    for name, scale in (("promo-eu", 2), ("blog-eu", 1)):
        arn = elb.create_load_balancer(Name=name, Subnets=subnets[:2], Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
        t = elb.create_target_group(Name=name, Protocol="HTTP", Port=80, VpcId=vpc, TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
        elb.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80,
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": t}])
        s.alb_metrics(region, arn, scale=scale)
        s.resource(kind="alb", region=region, name=name, id=arn, listeners=1, rules=1, target_groups=[name])
    # Enough ALBs that DescribeLoadBalancers needs more than one page of 400.
    for i in range(bulk):
        arn = elb.create_load_balancer(Name=f"bulk-{i:04d}", Subnets=subnets[:2], Type="application",
                                       Scheme="internal")["LoadBalancers"][0]["LoadBalancerArn"]
        s.resource(kind="alb", region=region, name=f"bulk-{i:04d}", id=arn, listeners=0, rules=0,
                   target_groups=[], no_data=True, bulk=True)
    v2 = s.c("apigatewayv2", region)
    api = v2.create_api(Name="shop-eu-http", ProtocolType="HTTP")["ApiId"]
    v2.create_stage(ApiId=api, StageName="live")
    h = range(s.hours)
    s.series(region, "AWS/ApiGateway", "Count", [("ApiId", api), ("Stage", "live")], [700 for _ in h])
    # A quiet stage: some hours have no datapoint at all.
    s.series(region, "AWS/ApiGateway", "DataProcessed", [("ApiId", api), ("Stage", "live")],
             [700 * 900 if i % 2 == 0 else None for i in h])
    s.resource(kind="http_api", region=region, name="shop-eu-http", id=api, stages=["live"], routes=0)


def seed_growth_api(s, region):
    """An HTTP API whose recommendation turns on its volume: at 20,000 requests an hour (14.6M
    a month, $16 on an HTTP API) an ALB's fixed charges make it dearer, so it is kept; at three
    times that an ALB saves about $22 a month, so it migrates. The audit-cycle test triples it.
    Alone with shop-eu-http in its region, far below the 300M-request tier, so the change moves
    no other resource's price."""
    v2 = s.c("apigatewayv2", region)
    api = v2.create_api(Name="growth-http", ProtocolType="HTTP")["ApiId"]
    v2.create_stage(ApiId=api, StageName="$default")
    s.series(region, "AWS/ApiGateway", "Count", [("ApiId", api), ("Stage", "$default")],
             [20_000 for _ in range(s.hours)])
    s.resource(kind="http_api", region=region, name="growth-http", id=api, stages=["$default"], routes=0)


def seed_bulk_apis(s, region, n):
    apigw, v2 = s.c("apigateway", region), s.c("apigatewayv2", region)
    for i in range(n):
        if i % 2 == 0:
            api = apigw.create_rest_api(name=f"bulk-rest-{i:03d}")["id"]
            root = apigw.get_resources(restApiId=api)["items"][0]["id"]
            apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
            apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
            dep = apigw.create_deployment(restApiId=api)["id"]
            apigw.create_stage(restApiId=api, stageName="prod", deploymentId=dep)
            s.resource(kind="rest_api", region=region, name=f"bulk-rest-{i:03d}", id=api, stages=["prod"], bulk_api=True)
        else:
            api = v2.create_api(Name=f"bulk-http-{i:03d}", ProtocolType="HTTP")["ApiId"]
            v2.create_stage(ApiId=api, StageName="$default")
            s.resource(kind="http_api", region=region, name=f"bulk-http-{i:03d}", id=api, stages=["$default"], routes=0, bulk_api=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--days", type=int, default=2)
    p.add_argument("--bulk-albs", type=int, default=405)
    p.add_argument("--bulk-apis", type=int, default=0, help="extra REST and HTTP APIs (half each), for measurements")
    p.add_argument("--growth-api", action="store_true", help="an HTTP API whose recommendation flips when tripled")
    p.add_argument("--end", type=dt.datetime.fromisoformat, help="the window's end (UTC, on the hour; default: the last full hour), as scans pass --window-end")
    a = p.parse_args()
    s = Scenario(a.endpoint, a.days, a.end)
    seed_us_east_1(s)
    seed_eu_west_1(s, a.bulk_albs)
    seed_bulk_apis(s, "eu-west-1", a.bulk_apis)
    if a.growth_api:
        seed_growth_api(s, "eu-west-1")
    s.flush_metrics()
    with open(a.out, "w") as f:
        json.dump(s.expected, f, indent=1)
    print(f"seeded {len(s.expected['resources'])} resources, {len(s.expected['metrics'])} series", file=sys.stderr)


if __name__ == "__main__":
    main()
