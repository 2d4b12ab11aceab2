//! Forward-compatible enums: the generated crates declare each documented enum as a plain item
//! with an `Unknown` last variant and get its impls from these macros.
//! Known values are variants; any other value is kept in `Unknown`, so a value the vendor adds
//! later never fails a response, and serialising writes the raw value back. `FromStr`, `Display`
//! and serde all go through the same table, so they agree.

/// The impls of a string enum declared with `Unknown(String)` as its last variant: `as_str`,
/// `KNOWN`, `is_known`, `From<&str>`, `FromStr`, `Display`, serde.
///
/// ```
/// /// Result of a test.
/// #[derive(Clone, Debug, PartialEq, Eq)]
/// pub enum Status {
///     Passed,
///     Failed,
///     Unknown(String),
/// }
/// testops_runtime::string_enum_impls!(Status { Passed = "passed", Failed = "failed", });
///
/// assert_eq!("passed".parse::<Status>().unwrap(), Status::Passed);
/// assert_eq!(Status::from("new"), Status::Unknown("new".into()));
/// assert_eq!(serde_json::from_str::<Status>("\"failed\"").unwrap(), Status::Failed);
/// assert_eq!(serde_json::to_string(&Status::Unknown("new".into())).unwrap(), "\"new\"");
/// ```
#[macro_export]
macro_rules! string_enum_impls {
    ($name:ident { $($variant:ident = $value:literal,)* }) => {
        impl $name {
            /// Every documented value.
            pub const KNOWN: &'static [&'static str] = &[$($value),*];

            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(raw) => raw.as_str(),
                }
            }

            /// Whether this is a documented value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::convert::From<&::std::string::String> for $name {
            fn from(value: &::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                // A visitor borrows the string, so a known value allocates nothing.
                struct Visitor;
                impl<'de> $crate::__private::serde::de::Visitor<'de> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E>(self, value: &str) -> ::std::result::Result<$name, E> {
                        Ok($name::from(value))
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }
    };
}

/// The impls of an integer enum declared with `Unknown(i64)` as its last variant: `value`,
/// `KNOWN`, `is_known`, `From<i64>`, `FromStr`, `Display`, serde.
///
/// ```
/// /// Size class.
/// #[derive(Clone, Copy, Debug, PartialEq, Eq)]
/// pub enum Size {
///     V1,
///     V2,
///     Unknown(i64),
/// }
/// testops_runtime::int_enum_impls!(Size { V1 = 1, V2 = 2, });
///
/// assert_eq!(serde_json::from_str::<Size>("2").unwrap(), Size::V2);
/// assert_eq!(serde_json::from_str::<Size>("7").unwrap(), Size::Unknown(7));
/// assert_eq!("7".parse::<Size>().unwrap(), Size::Unknown(7));
/// assert_eq!(serde_json::to_string(&Size::Unknown(7)).unwrap(), "7");
/// ```
#[macro_export]
macro_rules! int_enum_impls {
    ($name:ident { $($variant:ident = $value:literal,)* }) => {
        impl $name {
            /// Every documented value.
            pub const KNOWN: &'static [i64] = &[$($value),*];

            /// The value as it is sent on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(raw) => *raw,
                }
            }

            /// Whether this is a documented value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                value.trim().parse::<i64>().map(Self::from)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let raw = <i64 as $crate::__private::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(raw))
            }
        }
    };
}
