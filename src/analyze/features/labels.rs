//! How evidence names the part of a configuration it was found in (`GET /pets/{id}`,
//! `route POST /orders`), shared by the feature checks and the quota checks.

use crate::model::{Integration, RestApi, RestMethod, V2Api};

/// Every method of the API with a label such as `GET /pets/{id}`, in snapshot order.
pub fn rest_methods(api: &RestApi) -> impl Iterator<Item = (String, &RestMethod)> + '_ {
    api.resources.iter().flat_map(|r| {
        r.methods
            .iter()
            .map(move |m| (format!("{} {}", m.http_method, r.path), m))
    })
}

/// Names an integration by the routes that use it, which is how a reader knows the API.
pub fn v2_integration_label(api: &V2Api, i: &Integration) -> String {
    let target = format!("integrations/{}", i.id);
    let routes: Vec<&str> = api
        .routes
        .iter()
        .filter(|r| r.target.as_deref() == Some(target.as_str()))
        .map(|r| r.route_key.as_str())
        .collect();
    match routes.as_slice() {
        [] => format!("integration {}", i.id),
        [one] => format!("route {one}"),
        many => format!("integration {} ({})", i.id, many.join(", ")),
    }
}
