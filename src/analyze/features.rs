use super::types::{FeatureGap, Target};
use crate::model::Resource;
pub struct GapContext {
    pub keep_alb_behind_api: bool,
}
pub fn gaps(_r: &Resource, _t: Target, _c: &GapContext) -> Vec<FeatureGap> {
    Vec::new()
}
