//! What to read: a time window, a branch, and whether only failures matter.

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// A time window, open at either end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    /// Results at or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Results strictly before this instant.
    pub until: Option<DateTime<Utc>>,
}

impl Window {
    /// Whether `at` falls inside the window (an unknown time always does).
    pub fn contains(&self, at: Option<DateTime<Utc>>) -> bool {
        let Some(at) = at else { return true };
        self.since.is_none_or(|since| at >= since) && self.until.is_none_or(|until| at < until)
    }
}

/// Reads a window bound: an age before `now` (`90m`, `12h`, `7d`, `2w`), a date (`2024-05-01`,
/// midnight UTC) or an RFC 3339 instant (`2024-05-01T10:00:00Z`).
pub fn parse_instant(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(date.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let amount: i64 = number.parse().map_err(|_| invalid(text))?;
    let age = match unit {
        "m" | "min" => Duration::try_minutes(amount),
        "h" => Duration::try_hours(amount),
        "d" => Duration::try_days(amount),
        "w" => Duration::try_weeks(amount),
        _ => None,
    }
    .ok_or_else(|| invalid(text))?;
    now.checked_sub_signed(age).ok_or_else(|| invalid(text))
}

fn invalid(text: &str) -> String {
    format!(
        "`{text}` is not a time: give an age (90m, 12h, 7d, 2w), a date (2024-05-01) or an \
         RFC 3339 instant (2024-05-01T10:00:00Z)"
    )
}

/// Which results a command needs; adapters use it to skip what cannot matter (the tests of a
/// CircleCI job that succeeded, passing Datadog events, Checkly sessions that passed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every result.
    #[default]
    All,
    /// Failed results only (adapters may still return others; callers filter).
    Failures,
}

/// What to read from a vendor.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// The time window.
    pub window: Window,
    /// Only runs of this Git branch.
    pub branch: Option<String>,
    /// Which results matter.
    pub scope: Scope,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        "2024-05-08T12:00:00Z".parse().unwrap()
    }

    #[test]
    fn ages_dates_and_instants() {
        let at = |text| parse_instant(text, now()).unwrap().to_rfc3339();
        assert_eq!(at("7d"), "2024-05-01T12:00:00+00:00");
        assert_eq!(at("12h"), "2024-05-08T00:00:00+00:00");
        assert_eq!(at("90m"), "2024-05-08T10:30:00+00:00");
        assert_eq!(at("1w"), "2024-05-01T12:00:00+00:00");
        assert_eq!(at("2024-05-01"), "2024-05-01T00:00:00+00:00");
        assert_eq!(at("2024-05-01T12:00:00+02:00"), "2024-05-01T10:00:00+00:00");
        for bad in ["", "7", "d", "7y", "-7d", "99999999999999999d"] {
            let err = parse_instant(bad, now()).unwrap_err();
            assert!(err.contains("is not a time"), "{bad}: {err}");
        }
    }

    #[test]
    fn window_is_half_open() {
        let window = Window {
            since: Some("2024-05-01T00:00:00Z".parse().unwrap()),
            until: Some("2024-05-02T00:00:00Z".parse().unwrap()),
        };
        assert!(window.contains(window.since));
        assert!(!window.contains(window.until));
        assert!(window.contains(None));
        assert!(!window.contains(Some("2024-04-30T23:59:59Z".parse().unwrap())));
    }
}
