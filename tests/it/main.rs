//! Every integration test in one binary: each linked on its own, they re-linked the ten AWS SDK
//! crates thirteen times. Modules keep their old names, so `cargo test --test it cost_e2e`
//! runs one group.

mod support;

mod audit_cycle_e2e;
mod bad_input;
mod billing_e2e;
mod collect_e2e;
mod contract;
mod cost_e2e;
mod diff;
mod faults_e2e;
mod golden;
mod hostile_snapshots;
mod lint_templates;
mod lockfile_pins;
mod mermaid;
mod no_price_literals;
mod org_e2e;
mod outputs_e2e;
mod policy_matches_registry;
mod portals_e2e;
mod reconcile_e2e;
mod shell_docs;
