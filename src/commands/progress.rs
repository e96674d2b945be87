//! Progress on stderr while a scan runs: only on a terminal and never with --quiet, so that
//! logs and scheduled runs stay clean.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};

use crate::collect::RegionDone;
use crate::model::Snapshot;

pub struct Progress {
    bar: Option<ProgressBar>,
    resources: Arc<AtomicUsize>,
}

impl Progress {
    pub fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {pos}/{len} account×region {wide_msg} [{elapsed}]",
                )
                .expect("a valid progress template"),
            );
            bar.set_message("listing accounts and regions");
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            resources: Arc::default(),
        }
    }

    pub fn callback(&self) -> Option<Arc<dyn Fn(RegionDone) + Send + Sync>> {
        let bar = self.bar.clone()?;
        let found = self.resources.clone();
        Some(Arc::new(move |done: RegionDone| {
            bar.set_length(done.total_tasks as u64);
            let total = found.fetch_add(done.resources, Ordering::Relaxed) + done.resources;
            bar.set_message(format!(
                "{total} resources found; last: {} {}",
                done.account_id, done.region
            ));
            bar.inc(1);
        }))
    }

    pub fn finish(&self, snapshot: &Snapshot) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
            eprintln!(
                "read {} resources in {} account(s) and {} region(s)",
                snapshot.resources.len(),
                snapshot.account_ids.len(),
                snapshot.regions.len()
            );
        }
    }
}
