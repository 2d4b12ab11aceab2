//! One rate-limit gate per client, shared by its clones: a `429` (or a success saying no
//! requests remain) pauses every request of the client until the server's reset, and the
//! requests that were refused go out afterwards at the pace the server showed it admits, so the
//! burst that hit the limit does not repeat. An optional cap bounds the requests in flight.
//!
//! The decisions are made by [`Schedule`], a plain state machine over instants (tested with
//! simulated time); [`Gate`] puts it behind a lock and does the waiting.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::retry::requested_wait;

/// Shortest pacing period: a server asking for a wait of 0 still gets the requests spread.
const MIN_PERIOD: Duration = Duration::from_millis(100);

/// Windows whose admissions are remembered while pacing (older answers are not counted).
const KEPT_WINDOWS: u64 = 1024;

/// Where a request was admitted: the pause epoch and the counting window it belongs to. Its
/// answer is reported with it, so the gate knows which window the server judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Slot {
    epoch: u64,
    window: u64,
}

/// What the gate says to a request that wants to go at some instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admission {
    /// Send now.
    Go(Slot),
    /// Come back at this instant: with a slot reserved (send then, unless a pause began in the
    /// meantime), or without one (ask again then).
    WaitUntil(Instant, Option<Slot>),
}

/// What an answer told the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The server handled the request.
    Admitted,
    /// The server handled it and said none remain until the reset, in this long.
    Exhausted(Duration),
    /// `429`: refused until the reset, in this long.
    Refused(Duration),
}

impl Outcome {
    /// What a response says: `fallback` is the pause after a `429` that names no reset.
    pub(crate) fn of(status: StatusCode, headers: &HeaderMap, fallback: Duration) -> Option<Self> {
        if status == StatusCode::TOO_MANY_REQUESTS {
            return Some(Self::Refused(requested_wait(headers).unwrap_or(fallback)));
        }
        if status.is_server_error() {
            // Neither admitted nor refused by a limit.
            return None;
        }
        let none_left = ["x-ratelimit-remaining", "ratelimit-remaining"]
            .iter()
            .filter_map(|name| headers.get(*name)?.to_str().ok())
            .any(|v| v.trim() == "0");
        match requested_wait(headers) {
            Some(wait) if none_left && !wait.is_zero() => Some(Self::Exhausted(wait)),
            _ => Some(Self::Admitted),
        }
    }
}

/// Paced admissions after a pause: at most `limit` requests per `period`, in windows starting
/// at `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pace {
    /// Requests per window: what the server admitted in the window that ended in the refusal.
    pub limit: u32,
    /// Window length: the wait the server asked for.
    pub period: Duration,
    /// Start of the latest window handed out (in the future when requests are queued).
    pub start: Instant,
    /// Requests admitted in that window.
    pub used: u32,
    window: u64,
}

/// The gate's decisions, over instants given by the caller.
#[derive(Debug)]
pub(crate) struct Schedule {
    /// Bumped when a pause begins; a refusal of a request admitted before it is old news.
    epoch: u64,
    paused_until: Option<Instant>,
    /// The pause's length, the pacing period after it.
    period: Duration,
    /// The window that ended in the refusal; its admissions set the pace after the pause.
    learning: Option<u64>,
    pace: Option<Pace>,
    /// The counting window of unpaced requests in this epoch.
    open_window: u64,
    next_window: u64,
    /// Requests the server admitted, by window.
    admitted: HashMap<u64, u32>,
}

impl Default for Schedule {
    fn default() -> Self {
        Self {
            epoch: 0,
            paused_until: None,
            period: MIN_PERIOD,
            learning: None,
            pace: None,
            open_window: 0,
            next_window: 1,
            admitted: HashMap::new(),
        }
    }
}

impl Schedule {
    fn new_window(&mut self) -> u64 {
        self.next_window += 1;
        self.next_window
    }

    /// The end of the pause in force at `now`, if any.
    pub(crate) fn paused_until(&self, now: Instant) -> Option<Instant> {
        self.paused_until.filter(|until| now < *until)
    }

    /// The pacing in force, if any.
    #[cfg(test)]
    pub(crate) fn pace(&self) -> Option<Pace> {
        self.pace
    }

    /// Whether a slot reserved earlier may still be used at `now` (no pause began since).
    pub(crate) fn still_valid(&self, slot: Slot, now: Instant) -> bool {
        slot.epoch == self.epoch && self.paused_until(now).is_none()
    }

    /// Admits a request that wants to go at `now`.
    pub(crate) fn admit(&mut self, now: Instant) -> Admission {
        if let Some(until) = self.paused_until(now) {
            return Admission::WaitUntil(until, None);
        }
        if let Some(window) = self.learning.take() {
            // The pause is over: admit what the server admitted in the window it refused.
            let limit = self.admitted.get(&window).copied().unwrap_or(0).max(1);
            self.admitted.clear();
            let window = self.new_window();
            self.pace = Some(Pace {
                limit,
                period: self.period,
                start: now,
                used: 0,
                window,
            });
        }
        let epoch = self.epoch;
        let Some(pace) = self.pace.as_mut() else {
            return Admission::Go(Slot {
                epoch,
                window: self.open_window,
            });
        };
        if now >= pace.start + pace.period {
            if pace.used < pace.limit {
                // Demand fell below what the server admits: no more pacing.
                self.pace = None;
                return Admission::Go(Slot {
                    epoch,
                    window: self.open_window,
                });
            }
            self.next_window += 1;
            *pace = Pace {
                start: now,
                used: 0,
                window: self.next_window,
                ..*pace
            };
        }
        if pace.used >= pace.limit {
            self.next_window += 1;
            *pace = Pace {
                start: pace.start + pace.period,
                used: 0,
                window: self.next_window,
                ..*pace
            };
        }
        pace.used += 1;
        let (start, window) = (pace.start, pace.window);
        let oldest = window.saturating_sub(KEPT_WINDOWS);
        self.admitted.retain(|w, _| *w >= oldest);
        let slot = Slot { epoch, window };
        if start <= now {
            Admission::Go(slot)
        } else {
            Admission::WaitUntil(start, Some(slot))
        }
    }

    /// Records what the answer to a request admitted in `slot` said, at `now`.
    pub(crate) fn report(&mut self, slot: Slot, now: Instant, outcome: Outcome) {
        let counted = slot.epoch == self.epoch || self.learning == Some(slot.window);
        if counted && matches!(outcome, Outcome::Admitted | Outcome::Exhausted(_)) {
            *self.admitted.entry(slot.window).or_default() += 1;
        }
        let wait = match outcome {
            Outcome::Admitted => return,
            Outcome::Exhausted(wait) | Outcome::Refused(wait) => wait,
        };
        // A refusal of a request admitted before the pause in force is already accounted for.
        if slot.epoch != self.epoch {
            return;
        }
        self.epoch += 1;
        self.paused_until = Some(now + wait);
        self.period = wait.max(MIN_PERIOD);
        self.learning = Some(slot.window);
        self.pace = None;
        self.admitted.retain(|w, _| *w == slot.window);
        self.open_window = self.new_window();
        tracing::debug!(
            wait_ms = wait.as_millis() as u64,
            "rate limit reached: pausing every request of this client until the reset"
        );
    }
}

/// The gate of one client: the schedule behind a lock, and the optional cap on requests in
/// flight.
#[derive(Debug)]
pub(crate) struct Gate {
    schedule: Mutex<Schedule>,
    permits: Option<Arc<Semaphore>>,
    cap: Option<usize>,
}

/// Leave to send one request: its slot, and its share of the concurrency cap (held until the
/// answer is read).
#[derive(Debug)]
pub(crate) struct Pass {
    pub slot: Slot,
    _permit: Option<OwnedSemaphorePermit>,
}

impl Gate {
    /// A gate; `max_concurrency` caps the requests in flight at once (at least 1).
    pub(crate) fn new(max_concurrency: Option<usize>) -> Self {
        let cap = max_concurrency.map(|n| n.max(1));
        Self {
            schedule: Mutex::new(Schedule::default()),
            permits: cap.map(|n| Arc::new(Semaphore::new(n))),
            cap,
        }
    }

    /// The cap on requests in flight, if any.
    pub(crate) fn max_concurrency(&self) -> Option<usize> {
        self.cap
    }

    fn schedule(&self) -> std::sync::MutexGuard<'_, Schedule> {
        // The schedule is consistent after every call, so a panic elsewhere does not spoil it.
        self.schedule.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until the gate lets a request go and a place under the cap is free. A request
    /// that waited for its place checks again that no pause began meanwhile. `None` when the
    /// request could not go before `deadline`.
    pub(crate) async fn pass(&self, deadline: Option<Instant>) -> Option<Pass> {
        loop {
            let slot = self.admitted(deadline).await?;
            let Some(permits) = &self.permits else {
                return Some(Pass {
                    slot,
                    _permit: None,
                });
            };
            let permit = permits.clone().acquire_owned().await.ok()?;
            if self.schedule().still_valid(slot, Instant::now()) {
                return Some(Pass {
                    slot,
                    _permit: Some(permit),
                });
            }
        }
    }

    /// Waits until the schedule admits a request; its slot.
    async fn admitted(&self, deadline: Option<Instant>) -> Option<Slot> {
        let mut reserved: Option<Slot> = None;
        loop {
            let now = Instant::now();
            let admission = {
                let mut schedule = self.schedule();
                match reserved.take() {
                    Some(slot) if schedule.still_valid(slot, now) => Admission::Go(slot),
                    _ => schedule.admit(now),
                }
            };
            let (until, slot) = match admission {
                Admission::Go(slot) => return Some(slot),
                Admission::WaitUntil(until, slot) => (until, slot),
            };
            if deadline.is_some_and(|d| until > d) {
                return None;
            }
            tracing::debug!(
                wait_ms = until.saturating_duration_since(now).as_millis() as u64,
                paced = slot.is_some(),
                "waiting at the client's rate-limit gate"
            );
            tokio::time::sleep_until(until.into()).await;
            reserved = slot;
        }
    }

    /// Records what the answer to a request sent with `slot` said.
    pub(crate) fn report(&self, slot: Slot, outcome: Outcome) {
        self.schedule().report(slot, Instant::now(), outcome);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed, TestRunner};

    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    fn go(admission: Admission) -> Slot {
        match admission {
            Admission::Go(slot) => slot,
            other => panic!("expected to go, got {other:?}"),
        }
    }

    #[test]
    fn a_refusal_pauses_everyone_then_paces_at_what_the_server_admitted() {
        let t0 = Instant::now();
        let mut s = Schedule::default();
        // A burst of 50: the server admits 10 and refuses 40, answers in any order.
        let slots: Vec<Slot> = (0..50).map(|_| go(s.admit(t0))).collect();
        let ms = |n: u64| t0 + Duration::from_millis(n);
        s.report(slots[0], ms(5), Outcome::Admitted);
        s.report(slots[10], ms(6), Outcome::Refused(SECOND));
        for (i, slot) in slots.iter().enumerate().skip(1) {
            let outcome = if i < 10 {
                Outcome::Admitted
            } else {
                Outcome::Refused(SECOND)
            };
            s.report(*slot, ms(7 + i as u64), outcome);
        }
        // Only the first refusal counts: the pause ends one second after it.
        assert_eq!(s.paused_until(ms(8)), Some(ms(1006)));
        assert_eq!(s.admit(ms(10)), Admission::WaitUntil(ms(1006), None));
        // After the reset, 10 go per second.
        let mut times = Vec::new();
        for _ in 0..40 {
            times.push(match s.admit(ms(1006)) {
                Admission::Go(_) => ms(1006),
                Admission::WaitUntil(at, Some(_)) => at,
                other => panic!("{other:?}"),
            });
        }
        for (i, at) in times.iter().enumerate() {
            assert_eq!(*at, ms(1006) + SECOND * (i as u32 / 10), "request {i}");
        }
        assert_eq!(s.pace().map(|p| p.limit), Some(10));
    }

    #[test]
    fn pacing_ends_when_demand_falls_below_the_limit() {
        let t0 = Instant::now();
        let mut s = Schedule::default();
        let slots: Vec<Slot> = (0..3).map(|_| go(s.admit(t0))).collect();
        s.report(slots[0], t0, Outcome::Admitted);
        s.report(slots[1], t0, Outcome::Admitted);
        s.report(slots[2], t0, Outcome::Refused(SECOND));
        let after = t0 + SECOND;
        go(s.admit(after));
        assert_eq!(s.pace().map(|p| p.limit), Some(2));
        // The window held one request of the two it could: later requests go unpaced.
        let later = after + SECOND * 2;
        go(s.admit(later));
        go(s.admit(later));
        go(s.admit(later));
        assert_eq!(s.pace(), None);
    }

    #[test]
    fn a_success_with_nothing_remaining_pauses_without_a_refusal() {
        let t0 = Instant::now();
        let mut s = Schedule::default();
        let slot = go(s.admit(t0));
        s.report(slot, t0, Outcome::Exhausted(SECOND * 2));
        assert_eq!(s.paused_until(t0), Some(t0 + SECOND * 2));
        let outcome = |remaining: &str, reset: &str| {
            let mut headers = HeaderMap::new();
            headers.insert("x-ratelimit-remaining", remaining.parse().unwrap());
            headers.insert("x-ratelimit-reset", reset.parse().unwrap());
            Outcome::of(StatusCode::OK, &headers, SECOND)
        };
        assert_eq!(outcome("0", "3"), Some(Outcome::Exhausted(SECOND * 3)));
        assert_eq!(outcome("4", "3"), Some(Outcome::Admitted));
        assert_eq!(
            Outcome::of(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), SECOND),
            Some(Outcome::Refused(SECOND))
        );
        assert_eq!(
            Outcome::of(StatusCode::BAD_GATEWAY, &HeaderMap::new(), SECOND),
            None
        );
    }

    #[test]
    fn a_slot_reserved_before_a_new_pause_is_given_up() {
        let t0 = Instant::now();
        let mut s = Schedule::default();
        let first = go(s.admit(t0));
        s.report(first, t0, Outcome::Refused(SECOND));
        let Admission::WaitUntil(_, None) = s.admit(t0) else {
            panic!("paused");
        };
        let paced = go(s.admit(t0 + SECOND));
        let Admission::WaitUntil(at, Some(reserved)) = s.admit(t0 + SECOND) else {
            panic!("a limit of one per second reserves the next window");
        };
        assert_eq!(at, t0 + SECOND * 2);
        s.report(paced, t0 + SECOND, Outcome::Refused(SECOND * 5));
        assert!(!s.still_valid(reserved, at));
    }

    /// One step of an interleaving: a request arrives, or the answer to an admitted request
    /// arrives, after some milliseconds.
    #[derive(Debug, Clone)]
    enum Step {
        Arrive(u64),
        Answer {
            after: u64,
            which: usize,
            refused: Option<u64>,
        },
    }

    fn steps() -> impl Strategy<Value = Vec<Step>> {
        let step = prop_oneof![
            (0u64..400).prop_map(Step::Arrive),
            (0u64..400, any::<usize>(), proptest::option::of(0u64..3000)).prop_map(
                |(after, which, refused)| Step::Answer {
                    after,
                    which,
                    refused
                }
            ),
        ];
        proptest::collection::vec(step, 1..120)
    }

    /// No interleaving of arrivals and answers makes a request wait past the reset plus the
    /// backoff of pacing: a request goes at the end of the pause in force (or at once), or in
    /// the first pacing window that still has room; and no window admits more than the pace.
    #[test]
    fn no_interleaving_makes_a_request_wait_past_the_reset_plus_backoff() {
        let config = Config {
            cases: 400,
            rng_seed: RngSeed::Fixed(0x6A7E),
            failure_persistence: None,
            ..Config::default()
        };
        TestRunner::new(config)
            .run(&steps(), |steps| {
                let t0 = Instant::now();
                let mut now = t0;
                let mut s = Schedule::default();
                let mut in_flight: Vec<Slot> = Vec::new();
                // Admissions per paced window start, for the window cap.
                let mut per_window: HashMap<Instant, u32> = HashMap::new();
                for step in steps {
                    match step {
                        Step::Arrive(after) => {
                            now += Duration::from_millis(after);
                            let paused = s.paused_until(now);
                            let before = s.pace();
                            match s.admit(now) {
                                Admission::Go(slot) => {
                                    prop_assert!(paused.is_none());
                                    in_flight.push(slot);
                                    if let Some(p) = s.pace() {
                                        *per_window.entry(p.start).or_default() += 1;
                                    }
                                }
                                Admission::WaitUntil(at, None) => {
                                    // Waits exactly until the reset asked for.
                                    prop_assert_eq!(Some(at), paused);
                                }
                                Admission::WaitUntil(at, Some(slot)) => {
                                    prop_assert!(paused.is_none());
                                    let pace = s.pace().expect("a reservation is paced");
                                    // The latest window handed out, if it has room, else the
                                    // next one: one period later.
                                    let previous = before.expect("paced before");
                                    let expected = if previous.used < previous.limit {
                                        previous.start
                                    } else {
                                        previous.start + pace.period
                                    };
                                    prop_assert_eq!(at, expected);
                                    prop_assert!(at > now);
                                    *per_window.entry(at).or_default() += 1;
                                    in_flight.push(slot);
                                }
                            }
                            if let Some(p) = s.pace() {
                                prop_assert!(
                                    per_window.get(&p.start).copied().unwrap_or(0) <= p.limit
                                );
                            }
                        }
                        Step::Answer {
                            after,
                            which,
                            refused,
                        } => {
                            if in_flight.is_empty() {
                                continue;
                            }
                            now += Duration::from_millis(after);
                            let slot = in_flight.swap_remove(which % in_flight.len());
                            let was = s.paused_until(now);
                            let outcome = match refused {
                                Some(ms) => Outcome::Refused(Duration::from_millis(ms)),
                                None => Outcome::Admitted,
                            };
                            s.report(slot, now, outcome);
                            // A pause that begins ends at the reset the refusal asked for;
                            // an admission, or a refusal of a request admitted before the
                            // pause in force, leaves the pause as it was.
                            let is = s.paused_until(now);
                            match refused {
                                Some(ms) if is != was => {
                                    prop_assert_eq!(is, Some(now + Duration::from_millis(ms)))
                                }
                                _ => prop_assert_eq!(is, was),
                            }
                        }
                    }
                }
                Ok(())
            })
            .unwrap();
    }
}
