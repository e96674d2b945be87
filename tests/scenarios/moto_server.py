"""moto's server, with the API Gateway portal routes moto does not serve.

moto 5.x answers `GET /v2/portals` with a 404 page, so a scan that reads portals (crossover
does, in every region with a REST API) would record a coverage gap against it. This wrapper adds
an in-memory model of portals, portal products and product REST endpoint pages to moto's
apigatewayv2 routes, with the JSON shapes of the API Gateway V2 API reference
(https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/portals.html,
portalproducts.html, portalproducts-portalproductid-productrestendpointpages.html), then runs
moto's server with the arguments it is given, as `moto_server` would:

    python tests/scenarios/moto_server.py -H 127.0.0.1 -p 5000

Create and List calls only: what the tests seed and what crossover reads. `maxResults` and
`nextToken` page the lists as AWS does.
"""

import datetime
import json
import random
import string
import sys
from collections import defaultdict

import moto.apigateway.urls as apigateway_urls
import moto.apigatewayv2.urls as apigatewayv2_urls
from moto.apigatewayv2.responses import ApiGatewayV2Response
from moto.server import main

# (account, region) -> id -> record
PORTALS = defaultdict(dict)
PRODUCTS = defaultdict(dict)
# (account, region) -> product id -> page id -> record
ENDPOINT_PAGES = defaultdict(lambda: defaultdict(dict))


def _id():
    return "".join(random.choices(string.ascii_lowercase + string.digits, k=12))


def _now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json(status, body, **headers):
    # moto takes the status from the headers, not from the tuple's first element.
    headers.update({"status": status, "content-type": "application/json"})
    return status, headers, json.dumps(body)


def _error(status, code, message):
    return _json(status, {"message": message}, **{"x-amzn-ErrorType": code})


class PortalResponse(ApiGatewayV2Response):
    """The portal operations; moto finds each method from the request's verb and path in the
    service model (ListPortals -> list_portals)."""

    def _key(self):
        return (self.current_account, self.region)

    def _arn(self, path):
        return f"arn:aws:apigateway:{self.region}::/{path}"

    def _page(self, items):
        """One page of `items` from `nextToken` (an offset), at most `maxResults` long."""
        start = int(self.querystring.get("nextToken", ["0"])[0] or 0)
        size = int(self.querystring.get("maxResults", ["50"])[0] or 50)
        body = {"items": items[start : start + size]}
        if start + size < len(items):
            body["nextToken"] = str(start + size)
        return _json(200, body)

    def create_portal(self):
        params = json.loads(self.body)
        portal_id = _id()
        content = params.get("portalContent", {})
        portal = {
            "authorization": params.get("authorization", {"none": {}}),
            "endpointConfiguration": {
                "portalDefaultDomainName": f"{portal_id}.portal.{self.region}.example.com",
                "portalDomainHostedZoneId": "Z2FDTNDATAQYW2",
            },
            "includedPortalProductArns": params.get("includedPortalProductArns", []),
            "lastModified": _now(),
            "portalArn": self._arn(f"portals/{portal_id}"),
            "portalContent": content,
            "portalId": portal_id,
            "publishStatus": "DISABLED",
            "tags": params.get("tags", {}),
        }
        PORTALS[self._key()][portal_id] = portal
        return _json(201, portal)

    def list_portals(self):
        return self._page(list(PORTALS[self._key()].values()))

    def create_portal_product(self):
        params = json.loads(self.body)
        product_id = _id()
        product = {
            "description": params.get("description", ""),
            "displayName": params["displayName"],
            "lastModified": _now(),
            "portalProductArn": self._arn(f"portalproducts/{product_id}"),
            "portalProductId": product_id,
            "tags": params.get("tags", {}),
        }
        PRODUCTS[self._key()][product_id] = product
        return _json(201, product)

    def list_portal_products(self):
        return self._page(list(PRODUCTS[self._key()].values()))

    def _product_id(self):
        product_id = self.path.rstrip("/").split("/")[-2]
        if product_id not in PRODUCTS[self._key()]:
            return None
        return product_id

    def create_product_rest_endpoint_page(self):
        product_id = self._product_id()
        if product_id is None:
            return _error(404, "NotFoundException", "Invalid portal product identifier specified")
        params = json.loads(self.body)
        parts = params["restEndpointIdentifier"]["identifierParts"]
        page_id = _id()
        page = {
            "endpoint": f"{parts['method']} {parts['path']}",
            "lastModified": _now(),
            "productRestEndpointPageArn": self._arn(
                f"portalproducts/{product_id}/productrestendpointpages/{page_id}"
            ),
            "productRestEndpointPageId": page_id,
            "restEndpointIdentifier": {"identifierParts": parts},
            "status": "AVAILABLE",
            "tryItState": params.get("tryItState", "ENABLED"),
        }
        ENDPOINT_PAGES[self._key()][product_id][page_id] = page
        return _json(201, page)

    def list_product_rest_endpoint_pages(self):
        product_id = self._product_id()
        if product_id is None:
            return _error(404, "NotFoundException", "Invalid portal product identifier specified")
        return self._page(list(ENDPOINT_PAGES[self._key()][product_id].values()))


ROUTES = {
    "{0}/v2/portals$": PortalResponse.dispatch,
    "{0}/v2/portalproducts$": PortalResponse.dispatch,
    "{0}/v2/portalproducts/(?P<portal_product_id>[^/]+)/productrestendpointpages$": PortalResponse.dispatch,
}

# moto's apigateway backend serves the v2 paths too (its url table includes apigatewayv2's):
# both tables get the routes before the server builds its applications.
apigatewayv2_urls.url_paths.update(ROUTES)
apigateway_urls.url_paths.update(ROUTES)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
