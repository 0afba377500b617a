//! Typed ids: an agency's id cannot be passed where an application's is expected.

/// Declares an id newtype over the database's 64-bit integer key.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.trim().parse().map($name)
            }
        }
    };
}

id_type!(
    /// An agency (OPD).
    AgencyId
);
id_type!(
    /// A vendor (Pihak Ketiga).
    VendorId
);
id_type!(
    /// An application under supervision.
    ApplicationId
);
id_type!(
    /// A meeting, a row of the form.
    MeetingId
);
id_type!(
    /// A user account.
    UserId
);
