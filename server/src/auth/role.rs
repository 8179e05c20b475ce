//! Staff roles and what each may do.

use std::fmt;

/// A staff member's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Role {
    /// Everything: moderation, replies, messages, publishing, export, erasure, the audit log.
    Admin,
    /// Moderation, replies and reading the inbox without e-mail addresses.
    Moderator,
}

/// Something the console lets staff do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Approve, reject or delete comments.
    Moderate,
    /// Reply as the organisation.
    Reply,
    /// Read the support messages (without e-mail addresses).
    ReadMessages,
    /// See the e-mail addresses in the inbox.
    SeeEmail,
    /// Publish a consented message.
    Publish,
    /// Download messages or comments.
    Export,
    /// Erase a person's data.
    Erase,
    /// Read the audit log.
    ReadAudit,
}

impl Role {
    /// The value stored in the `staff.role` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Moderator => "moderator",
        }
    }

    /// Reads the `staff.role` column; anything unknown is the weaker role.
    pub fn parse(text: &str) -> Self {
        if text == "admin" {
            Self::Admin
        } else {
            Self::Moderator
        }
    }

    /// Whether this role may do `permission`.
    pub fn may(self, permission: Permission) -> bool {
        match self {
            Self::Admin => true,
            Self::Moderator => matches!(
                permission,
                Permission::Moderate | Permission::Reply | Permission::ReadMessages
            ),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{Permission, Role};

    #[test]
    fn moderators_moderate_reply_and_read_only() {
        let all = [
            Permission::Moderate,
            Permission::Reply,
            Permission::ReadMessages,
            Permission::SeeEmail,
            Permission::Publish,
            Permission::Export,
            Permission::Erase,
            Permission::ReadAudit,
        ];
        for permission in all {
            assert!(Role::Admin.may(permission), "{permission:?}");
        }
        let moderator: Vec<_> = all
            .into_iter()
            .filter(|p| Role::Moderator.may(*p))
            .collect();
        assert_eq!(
            moderator,
            [
                Permission::Moderate,
                Permission::Reply,
                Permission::ReadMessages
            ]
        );
    }

    #[test]
    fn roles_round_trip_and_unknown_is_weaker() {
        for role in [Role::Admin, Role::Moderator] {
            assert_eq!(Role::parse(role.as_str()), role);
        }
        assert_eq!(Role::parse("root"), Role::Moderator);
    }
}
