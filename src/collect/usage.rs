//! One account × region's usage, read from CloudWatch in as few GetMetricData calls as the API
//! allows (⌈series / 500⌉) and handed on resource by resource: a resource goes to the
//! [`Sink`] as soon as the last batch holding one of its series is in. A region thus holds the
//! configuration of its resources and the series of the batches in flight, never all of its
//! series at once (docs/performance.md). Series are planned when their batch is made, not before.

use std::sync::Mutex;

use aws_sdk_cloudwatch as cw;
use futures::{stream, StreamExt};

use super::cloudwatch::{self, MAX_QUERIES_PER_CALL};
use super::ctx::Ctx;
use super::spill::Sink;
use crate::model::{Hourly, MetricSeries, Resource, VpcEndpoint, Window};

/// The usage read of one account × region. Resources and endpoints are added in the order
/// their series are to be batched; [`UsageRead::finish`] reads what is left.
pub struct UsageRead<'a, 's> {
    ctx: &'a Ctx,
    client: &'a cw::Client,
    window: &'a Window,
    /// Calls in flight at once.
    calls: usize,
    sink: &'a Sink<'s>,
    queue: Mutex<Queue>,
}

/// What a series belongs to: a resource, handed on when complete, or one of the region's
/// execute-api endpoints, which stay until [`UsageRead::finish`] (a region has few).
enum Owner {
    Resource(Resource),
    Endpoint(VpcEndpoint),
}

impl Owner {
    fn plan(&self) -> Vec<MetricSeries> {
        match self {
            Owner::Resource(r) => cloudwatch::plan(r),
            Owner::Endpoint(e) => vec![cloudwatch::plan_endpoint(e)],
        }
    }

    fn id(&self) -> &str {
        match self {
            Owner::Resource(r) => &r.id,
            Owner::Endpoint(e) => &e.id,
        }
    }
}

struct Slot {
    /// `None` once the resource is handed on.
    owner: Option<Owner>,
    planned: usize,
    /// Series in, with their place in the plan: batches answer in any order.
    arrived: Vec<(usize, MetricSeries)>,
}

struct Queue {
    slots: Vec<Slot>,
    /// The first series not yet in a batch: its slot and its place in that slot's plan.
    next: (usize, usize),
    /// Series planned and not yet in a batch.
    unbatched: usize,
    handed_on: usize,
}

/// One GetMetricData call's series and where each goes back.
struct Batch {
    places: Vec<(usize, usize)>,
    series: Vec<MetricSeries>,
    /// Named by a gap should the call fail.
    owner: Option<String>,
}

impl<'a, 's> UsageRead<'a, 's> {
    pub fn new(
        ctx: &'a Ctx,
        client: &'a cw::Client,
        window: &'a Window,
        calls: usize,
        sink: &'a Sink<'s>,
    ) -> Self {
        UsageRead {
            ctx,
            client,
            window,
            calls: calls.max(1),
            sink,
            queue: Mutex::new(Queue {
                slots: Vec::new(),
                next: (0, 0),
                unbatched: 0,
                handed_on: 0,
            }),
        }
    }

    /// Queues the resources' series; a resource without any (an ALB without a metric
    /// dimension, an API without a stage) is handed on at once.
    pub fn add_resources(&self, resources: Vec<Resource>) {
        for r in resources {
            let done = self.queue().add(Owner::Resource(r));
            if let Some(r) = done {
                self.sink.put(r);
            }
        }
    }

    pub fn add_endpoints(&self, endpoints: Vec<VpcEndpoint>) {
        for e in endpoints {
            self.queue().add(Owner::Endpoint(e));
        }
    }

    /// Reads the full batches of what is queued; a remainder waits to share its call with
    /// what is added next.
    pub async fn read_full_batches(&self) {
        self.read(MAX_QUERIES_PER_CALL).await;
    }

    /// Reads everything still queued; returns how many resources were handed on and the
    /// endpoints, with their series, in the order they were added.
    pub async fn finish(self) -> (usize, Vec<VpcEndpoint>) {
        self.read(1).await;
        let queue = self.queue.into_inner().unwrap_or_else(|e| e.into_inner());
        let endpoints = queue
            .slots
            .into_iter()
            .filter_map(|slot| match slot.owner {
                Some(Owner::Endpoint(e)) => Some(e),
                _ => None,
            })
            .collect();
        (queue.handed_on, endpoints)
    }

    /// Reads batches while at least `least` series are queued, `calls` at a time; each batch
    /// is made only when a call is free, so planned series wait as their owner's configuration.
    async fn read(&self, least: usize) {
        let hours = self.window.hours as usize;
        let batches = std::iter::from_fn(|| self.queue().next_batch(least, hours));
        stream::iter(batches)
            .for_each_concurrent(self.calls, |mut batch| async move {
                cloudwatch::fetch_batch(
                    self.ctx,
                    self.client,
                    self.window,
                    &mut batch.series,
                    batch.owner.as_deref(),
                )
                .await;
                let done = self.queue().arrive(batch);
                for r in done {
                    self.sink.put(r);
                }
            })
            .await;
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Queue {
    /// Adds an owner; returns it at once, as a resource, when it has no series to wait for.
    fn add(&mut self, owner: Owner) -> Option<Resource> {
        let planned = owner.plan().len();
        self.unbatched += planned;
        let owner = match owner {
            Owner::Resource(r) if planned == 0 => {
                self.handed_on += 1;
                return Some(r);
            }
            owner => Some(owner),
        };
        self.slots.push(Slot {
            owner,
            planned,
            arrived: Vec::new(),
        });
        None
    }

    /// The next batch: up to [`MAX_QUERIES_PER_CALL`] queued series, none while fewer than
    /// `least` are queued. Each series holds zeros for the window's `hours`.
    fn next_batch(&mut self, least: usize, hours: usize) -> Option<Batch> {
        let size = self.unbatched.min(MAX_QUERIES_PER_CALL);
        if size == 0 || size < least {
            return None;
        }
        let mut batch = Batch {
            places: Vec::with_capacity(size),
            series: Vec::with_capacity(size),
            owner: None,
        };
        while batch.series.len() < size {
            let (slot, from) = self.next;
            let Some(s) = self.slots.get(slot) else { break };
            let owner = s.owner.as_ref();
            let planned = owner.map(Owner::plan).unwrap_or_default();
            let wanted = size - batch.series.len();
            for (place, mut series) in planned.into_iter().enumerate().skip(from).take(wanted) {
                series.hourly = Hourly::zeros(hours);
                batch.places.push((slot, place));
                batch.series.push(series);
            }
            if batch.owner.is_none() {
                batch.owner = owner.map(|o| o.id().to_owned());
            }
            let to = (from + wanted).min(s.planned);
            self.next = if to == s.planned {
                (slot + 1, 0)
            } else {
                (slot, to)
            };
        }
        self.unbatched -= batch.series.len();
        Some(batch)
    }

    /// Puts a batch's series back with their owners; returns the resources now complete.
    fn arrive(&mut self, batch: Batch) -> Vec<Resource> {
        let mut done = Vec::new();
        for ((slot, place), series) in batch.places.into_iter().zip(batch.series) {
            let s = &mut self.slots[slot];
            s.arrived.push((place, series));
            if s.arrived.len() < s.planned {
                continue;
            }
            let mut arrived = std::mem::take(&mut s.arrived);
            arrived.sort_by_key(|(place, _)| *place);
            let series = arrived.into_iter().map(|(_, series)| series);
            match s.owner.take() {
                Some(Owner::Resource(mut r)) => {
                    r.usage.series.extend(series);
                    self.handed_on += 1;
                    done.push(r);
                }
                Some(Owner::Endpoint(mut e)) => {
                    e.usage.series.extend(series);
                    s.owner = Some(Owner::Endpoint(e));
                }
                None => {}
            }
        }
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RestApi, RestStage};

    /// A REST API with `stages` stages: three series per stage.
    fn rest(i: usize, stages: usize) -> Resource {
        super::super::tests::rest_resource(RestApi {
            id: format!("api{i}"),
            name: format!("api-{i}"),
            stages: (0..stages)
                .map(|s| RestStage {
                    name: format!("s{s}"),
                    ..RestStage::default()
                })
                .collect(),
            ..RestApi::default()
        })
    }

    fn queue() -> Queue {
        Queue {
            slots: Vec::new(),
            next: (0, 0),
            unbatched: 0,
            handed_on: 0,
        }
    }

    fn held(q: &Queue) -> usize {
        q.slots.iter().filter(|s| s.owner.is_some()).count()
    }

    /// 400 APIs of three series: batches of 500, 500 and 200 series. Each API leaves when
    /// the last batch holding one of its series is in, whatever order the batches answer in,
    /// with its series in their planned order.
    #[test]
    fn a_resource_is_handed_on_when_its_last_batch_is_in() {
        let mut q = queue();
        for i in 0..400 {
            assert!(q.add(Owner::Resource(rest(i, 1))).is_none());
        }
        // Not a full batch is left after two.
        let first = q.next_batch(MAX_QUERIES_PER_CALL, 24).unwrap();
        let second = q.next_batch(MAX_QUERIES_PER_CALL, 24).unwrap();
        assert!(q.next_batch(MAX_QUERIES_PER_CALL, 24).is_none());
        let third = q.next_batch(1, 24).unwrap();
        assert!(q.next_batch(1, 24).is_none());
        let sizes = [&first, &second, &third].map(|b| b.series.len());
        assert_eq!(sizes, [500, 500, 200]);
        assert_eq!(
            [&first, &second, &third].map(|b| b.owner.clone().unwrap()),
            ["api0", "api166", "api333"].map(str::to_owned)
        );
        assert!(third.series.iter().all(|s| s.hourly.len() == 24));

        // The third answers first: APIs 334..399 are complete (333 also has a series in the
        // second batch).
        let done = q.arrive(third);
        assert_eq!(done.first().map(|r| r.id.as_str()), Some("api334"));
        assert_eq!(done.len(), 66);
        assert_eq!(held(&q), 334);
        // The first: 0..165 (166 also waits for the second).
        let done = q.arrive(first);
        assert_eq!(done.len(), 166);
        assert_eq!(held(&q), 168);
        let done = q.arrive(second);
        let ids: Vec<&str> = done.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.first(), Some(&"api166"));
        assert_eq!(ids.last(), Some(&"api333"));
        assert_eq!(held(&q), 0);
        assert_eq!(q.handed_on, 400);
        for r in &done {
            let planned: Vec<_> = cloudwatch::plan(r).into_iter().map(|s| s.metric).collect();
            let read: Vec<_> = r.usage.series.iter().map(|s| s.metric.clone()).collect();
            assert_eq!(read, planned, "{}", r.id);
        }
    }

    /// A resource without a series goes on at once; a resource with more series than a call
    /// holds spans batches; an endpoint stays with the queue.
    #[test]
    fn resources_without_series_leave_at_once_and_endpoints_stay() {
        let mut q = queue();
        assert_eq!(
            q.add(Owner::Resource(rest(0, 0))).map(|r| r.id),
            Some("api0".to_owned())
        );
        // 200 stages: 600 series.
        assert!(q.add(Owner::Resource(rest(1, 200))).is_none());
        assert!(q
            .add(Owner::Endpoint(VpcEndpoint {
                id: "vpce-1".into(),
                ..VpcEndpoint::default()
            }))
            .is_none());
        let first = q.next_batch(1, 24).unwrap();
        let second = q.next_batch(1, 24).unwrap();
        assert_eq!((first.series.len(), second.series.len()), (500, 101));
        assert_eq!(second.owner.as_deref(), Some("api1"));
        assert!(q.arrive(second).is_empty());
        let done = q.arrive(first);
        assert_eq!(done.len(), 1);
        assert_eq!(done[0].usage.series.len(), 600);
        assert_eq!(q.handed_on, 2);
        match &q.slots[1].owner {
            Some(Owner::Endpoint(e)) => assert_eq!(e.usage.series.len(), 1),
            _ => panic!("the endpoint stays with the queue"),
        }
    }
}
