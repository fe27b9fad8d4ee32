//! Exponential backoff with jitter, for retries and reconnects.

use std::time::Duration;

/// Attempt 0 waits about `min`, doubling up to `max`; the wait is picked
/// uniformly in [d/2, d]. Zero `min`/`max` mean 250 ms / 10 s.
pub fn delay(attempt: u32, min: Duration, max: Duration) -> Duration {
    let min = if min.is_zero() { Duration::from_millis(250) } else { min };
    let max = if max.is_zero() {
        Duration::from_secs(10)
    } else {
        max.max(min)
    };
    let d = min.saturating_mul(1u32 << attempt.min(20)).min(max);
    d.mul_f64(0.5 + 0.5 * fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_and_is_capped() {
        let min = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        for attempt in 0..10 {
            let d = delay(attempt, min, max);
            let full = min.saturating_mul(1 << attempt).min(max);
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?}");
        }
    }
}
