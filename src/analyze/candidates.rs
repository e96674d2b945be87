//! What a resource costs today and what each alternative would cost, as bills of a traffic
//! scale: the candidates the analysis of one resource compares.

use super::bill::Bill;
use super::cost::{self, CostContext};
use super::endpoints;
use super::types::Target;
use super::usage::UsageView;
use super::{note, NoteCode};
use crate::model::{DataNote, Resource, ResourceConfig, ResourceKind};
use crate::pricing::Item;

pub(super) type CostFn<'a> = Box<dyn Fn(f64) -> Bill + 'a>;

pub(super) struct Candidate<'a> {
    pub(super) target: Target,
    pub(super) bill: CostFn<'a>,
    pub(super) assumptions: Vec<String>,
    pub(super) keep_alb: bool,
}

/// An API's traffic on a new ALB of its own.
fn new_alb_candidate<'a>(cx: &'a CostContext, r: &Resource, view: &UsageView) -> Candidate<'a> {
    let projection = cost::alb_projection_for_api(cx, r, view);
    Candidate {
        target: Target::Alb,
        assumptions: projection.assumptions.clone(),
        bill: Box::new(move |k| cost::new_alb_bill(cx, &projection, k)),
        keep_alb: false,
    }
}

/// Today's bill of `r` and its alternatives' bills, each a function of the traffic scale (1.0 is
/// today's volume). Notes about the resource's own billing (LCU cross-check, reservation, BYOIP)
/// join `data_quality` on the way.
pub(super) fn of<'a>(
    r: &'a Resource,
    view: &'a UsageView,
    cx: &'a CostContext,
    requests_monthly: f64,
    data_quality: &mut Vec<DataNote>,
    endpoint_shares: &'a [endpoints::Share],
) -> (CostFn<'a>, Vec<Candidate<'a>>) {
    let window_hours = cx.window_hours;
    match &r.config {
        ResourceConfig::Alb(alb) => {
            let lcus = cost::alb_lcus(view, cost::alb_uses_mtls(alb));
            if let Some(detail) = lcus.cross_check() {
                data_quality.push(note(r, NoteCode::LcuCrossCheck, detail));
            }
            if let Some(detail) = cost::reservation_finding(cx, alb, view, &lcus) {
                data_quality.push(note(r, NoteCode::LcuReservationAbovePeak, detail));
            }
            if let Some(detail) = cost::alb_byoip_note(alb) {
                data_quality.push(note(r, NoteCode::ByoipPublicIpv4, detail));
            }
            let lcu_hours = std::rc::Rc::new(cost::LcuHours::new(&lcus.billed_per_hour));
            let keep = cost::alb_needs_keeping(alb);
            let mean_bytes = view.mean_request_bytes().unwrap_or(0.0);
            let mut alts = Vec::new();
            for (target, item, label) in [
                (
                    Target::HttpApi,
                    Item::HttpApiRequest,
                    "HTTP API requests (512 KB units)",
                ),
                (Target::RestApi, Item::RestApiRequest, "REST API requests"),
            ] {
                let mut notes = vec![format!(
                    "priced at the margin above the region's existing {} volume",
                    target.label()
                )];
                if target == Target::HttpApi {
                    notes.push(format!(
                        "mean request {:.0} bytes (ALB ProcessedBytes ÷ RequestCount) → {} billed unit(s) per request",
                        mean_bytes,
                        crate::pricing::http_api_billed_requests(1.0, mean_bytes)
                    ));
                }
                notes.push(if keep {
                    "instance/IP targets: the ALB stays as an internal private-integration target behind a VPC link (no VPC link charge; no public IPv4)".to_owned()
                } else {
                    "Lambda targets: the API integrates the functions directly and the ALB goes".to_owned()
                });
                if let Some(res) = alb.lcu_reservation.as_ref().filter(|_| keep) {
                    notes.push(format!(
                        "the kept ALB keeps its LCU reservation of {:.0} LCUs",
                        res.capacity_units
                    ));
                }
                let alb = alb.as_ref();
                let lcu_hours = lcu_hours.clone();
                alts.push(Candidate {
                    target,
                    bill: Box::new(move |k| {
                        let units = if item == Item::HttpApiRequest {
                            crate::pricing::http_api_billed_requests(
                                requests_monthly * k,
                                mean_bytes,
                            )
                        } else {
                            requests_monthly * k
                        };
                        let mut b = cost::api_marginal(cx, item, label, units);
                        if keep {
                            b.extend(cost::alb_bill(cx, alb, &lcu_hours, k, true));
                        }
                        b
                    }),
                    assumptions: notes,
                    keep_alb: keep,
                });
            }
            let alb = alb.as_ref();
            (
                Box::new(move |k| cost::alb_bill(cx, alb, &lcu_hours, k, false)),
                alts,
            )
        }
        ResourceConfig::RestApi(api) => {
            let api = api.as_ref();
            let http_units = requests_monthly;
            let mut alts = vec![
                new_alb_candidate(cx, r, view),
                Candidate {
                    target: Target::HttpApi,
                    bill: Box::new(move |k| {
                        cost::api_marginal(cx, Item::HttpApiRequest, "HTTP API requests (512 KB units)", http_units * k)
                    }),
                    assumptions: vec![
                        "one 512 KB unit per request (REST APIs publish no bytes metric)".to_owned(),
                        "priced at the margin above the region's existing HTTP API volume; no cache".to_owned(),
                    ],
                    keep_alb: false,
                },
            ];
            // Whatever replaces a private API, the endpoint hours other private APIs still
            // need stay on the bill; the rest of its endpoint shares goes with it.
            if !endpoint_shares.is_empty() {
                for c in &mut alts {
                    let bill = std::mem::replace(&mut c.bill, Box::new(|_: f64| Bill::default()));
                    c.bill = Box::new(move |k| {
                        let mut b = bill(k);
                        endpoints::add_retained(&mut b, endpoint_shares);
                        b
                    });
                    c.assumptions.extend(endpoints::move_notes(endpoint_shares));
                }
            }
            (
                Box::new(move |k| {
                    let mut b = cost::rest_bill(cx, api, requests_monthly, k);
                    endpoints::add_current(&mut b, endpoint_shares, k);
                    b
                }),
                alts,
            )
        }
        ResourceConfig::V2Api(_) if r.kind == ResourceKind::WebsocketApi => {
            let billed = cost::websocket_billed_monthly(cx, view);
            let connects =
                crate::pricing::monthly_from_window(view.connects.iter().sum(), window_hours);
            let alts = vec![new_alb_candidate(cx, r, view)];
            (
                Box::new(move |k| cost::websocket_bill(cx, billed, connects, k)),
                alts,
            )
        }
        ResourceConfig::V2Api(_) => {
            let billed = cost::http_billed_monthly(cx, view);
            let alts = vec![
                new_alb_candidate(cx, r, view),
                Candidate {
                    target: Target::RestApi,
                    bill: Box::new(move |k| {
                        cost::api_marginal(
                            cx,
                            Item::RestApiRequest,
                            "REST API requests",
                            requests_monthly * k,
                        )
                    }),
                    assumptions: vec![
                        "priced at the margin above the region's existing REST API volume"
                            .to_owned(),
                    ],
                    keep_alb: false,
                },
            ];
            (Box::new(move |k| cost::http_bill(cx, billed, k)), alts)
        }
    }
}
