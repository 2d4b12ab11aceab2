//! Checks of documented parameter limits, run by the generated `send()` before any request.

/// `value` must be at least `min`.
pub fn minimum(name: &str, value: f64, min: f64) -> Result<(), String> {
    if value < min {
        return Err(format!(
            "parameter `{name}` must be at least {min} (got {value})"
        ));
    }
    Ok(())
}

/// `value` must be at most `max`.
pub fn maximum(name: &str, value: f64, max: f64) -> Result<(), String> {
    if value > max {
        return Err(format!(
            "parameter `{name}` must be at most {max} (got {value})"
        ));
    }
    Ok(())
}

/// A string must have at least `min` characters.
pub fn min_length(name: &str, value: &str, min: usize) -> Result<(), String> {
    let len = value.chars().count();
    if len < min {
        return Err(format!(
            "parameter `{name}` must be at least {min} characters long (got {len})"
        ));
    }
    Ok(())
}

/// A string must have at most `max` characters.
pub fn max_length(name: &str, value: &str, max: usize) -> Result<(), String> {
    let len = value.chars().count();
    if len > max {
        return Err(format!(
            "parameter `{name}` must be at most {max} characters long (got {len})"
        ));
    }
    Ok(())
}

/// A list must have at least `min` items.
pub fn min_items<T>(name: &str, value: &[T], min: usize) -> Result<(), String> {
    if value.len() < min {
        return Err(format!(
            "parameter `{name}` must have at least {min} items (got {})",
            value.len()
        ));
    }
    Ok(())
}

/// A list must have at most `max` items.
pub fn max_items<T>(name: &str, value: &[T], max: usize) -> Result<(), String> {
    if value.len() > max {
        return Err(format!(
            "parameter `{name}` must have at most {max} items (got {})",
            value.len()
        ));
    }
    Ok(())
}

/// A path parameter cannot be `.` or `..`: URL parsing resolves such a segment (even
/// percent-encoded), which would send the request to another endpoint.
pub fn path_segment(name: &str, value: &str) -> Result<(), String> {
    if value == "." || value == ".." {
        return Err(format!(
            "path parameter `{name}` cannot be `{value}` (it would address another endpoint)"
        ));
    }
    Ok(())
}

/// A path parameter sent with its slashes raw (`x-raw-slashes`): none of its parts between
/// slashes may be empty, `.` or `..` (each would address another endpoint).
pub fn path_segments(name: &str, value: &str) -> Result<(), String> {
    for part in value.split('/') {
        if part.is_empty() {
            return Err(format!(
                "path parameter `{name}` cannot be empty or have an empty part between slashes \
                 (got `{value}`)"
            ));
        }
        path_segment(name, part).map_err(|_| {
            format!(
                "path parameter `{name}` cannot have a `{part}` part (got `{value}`; it would \
                 address another endpoint)"
            )
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_parameter_and_the_limit() {
        assert_eq!(
            maximum("limit", 101.0, 100.0).unwrap_err(),
            "parameter `limit` must be at most 100 (got 101)"
        );
        assert!(minimum("page", 1.0, 1.0).is_ok());
        assert_eq!(
            min_length("search", "ab", 3).unwrap_err(),
            "parameter `search` must be at least 3 characters long (got 2)"
        );
        assert!(max_length("search", "é".repeat(200).as_str(), 200).is_ok());
        assert!(max_items("ids", &[1, 2, 3], 2).is_err());
        assert!(min_items::<u8>("ids", &[], 1).is_err());
        assert!(path_segment("id", "..").is_err());
        assert!(path_segment("id", "a..b").is_ok());
        assert!(path_segments("project-slug", "gh/acme/api").is_ok());
        for refused in [
            "",
            "/gh/acme",
            "gh/acme/",
            "gh//api",
            "gh/../api",
            "gh/./api",
            "..",
        ] {
            assert!(path_segments("project-slug", refused).is_err(), "{refused}");
        }
        assert_eq!(
            path_segments("project-slug", "gh/../x").unwrap_err(),
            "path parameter `project-slug` cannot have a `..` part (got `gh/../x`; it would \
             address another endpoint)"
        );
    }
}
