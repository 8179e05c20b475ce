//! `staff`: add, list, remove staff accounts and change their passwords, on the host.
//!
//! Passwords come from the first line of standard input, never from the command line
//! (which other local users can read in the process list).

use crate::auth::{password, Role};
use crate::moderate::CLI_ACTOR;
use crate::store::audit::{Actor, AuditAction};
use crate::store::{Database, Storage};
use crate::BoxError;
use std::io::{BufRead, Write};

/// The `staff` actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Add an account (password from stdin).
    Add(String, Role),
    /// List accounts.
    List,
    /// Remove an account and end its sessions.
    Remove(String),
    /// Change a password (from stdin) and end the account's sessions.
    Passwd(String),
}

/// Why `staff` failed.
#[derive(Debug)]
pub enum StaffError {
    /// Bad input from the operator (exit code 2): a short password, a bad name.
    Usage(String),
    /// Anything else (exit code 1).
    Failed(BoxError),
}

impl From<crate::store::StoreError> for StaffError {
    fn from(error: crate::store::StoreError) -> Self {
        Self::Failed(error.into())
    }
}

impl From<std::io::Error> for StaffError {
    fn from(error: std::io::Error) -> Self {
        Self::Failed(error.into())
    }
}

impl From<String> for StaffError {
    fn from(error: String) -> Self {
        Self::Failed(error.into())
    }
}

/// Longest staff name, in characters.
pub const MAX_NAME_CHARS: usize = 64;

fn check_name(name: &str) -> Result<&str, StaffError> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(StaffError::Usage(format!(
            "the name must be 1 to {MAX_NAME_CHARS} characters, without control characters"
        )));
    }
    Ok(name)
}

fn read_password(input: impl BufRead) -> Result<String, StaffError> {
    let line = input.lines().next().transpose()?.unwrap_or_default();
    let line = line.strip_suffix('\r').unwrap_or(&line).to_owned();
    match password::refuse_new(&line) {
        Some(reason) => Err(StaffError::Usage(reason)),
        None => Ok(line),
    }
}

fn audit(
    store: &dyn Storage,
    action: AuditAction,
    name: &str,
    detail: Option<&str>,
) -> Result<(), StaffError> {
    let by = Actor::new(CLI_ACTOR, time::OffsetDateTime::now_utc());
    Ok(store.audit_append(&by, action, Some(name), detail)?)
}

/// Runs one action on the database at `db`, reading a password from `input` when needed
/// and reporting on `out`.
pub fn run(
    db: &Database,
    action: &Action,
    input: impl BufRead,
    mut out: impl Write,
) -> Result<(), StaffError> {
    let now = crate::validate::now_rfc3339();
    match action {
        Action::Add(name, role) => {
            let name = check_name(name)?;
            let hash = password::hash(&read_password(input)?)?;
            let store = db.open()?;
            if !store.staff_add(name, *role, &hash, &now)? {
                return Err(StaffError::Usage(format!("staff {name:?} already exists")));
            }
            audit(&*store, AuditAction::StaffAdd, name, Some(role.as_str()))?;
            writeln!(out, "added {name} ({role})")?;
        }
        Action::List => {
            let staff = db.open()?.staff_list()?;
            if staff.is_empty() {
                writeln!(out, "no staff accounts")?;
            }
            for member in staff {
                writeln!(
                    out,
                    "{}\t{}\tcreated {}\tchanged {}",
                    member.name, member.role, member.created_at, member.updated_at
                )?;
            }
        }
        Action::Remove(name) => {
            let store = db.open()?;
            if !store.staff_remove(name.trim())? {
                return Err(StaffError::Failed(
                    format!("no staff named {name:?}").into(),
                ));
            }
            audit(&*store, AuditAction::StaffRemove, name.trim(), None)?;
            writeln!(out, "removed {}", name.trim())?;
        }
        Action::Passwd(name) => {
            let hash = password::hash(&read_password(input)?)?;
            let store = db.open()?;
            if !store.staff_set_password(name.trim(), &hash, &now)? {
                return Err(StaffError::Failed(
                    format!("no staff named {name:?}").into(),
                ));
            }
            audit(&*store, AuditAction::StaffPassword, name.trim(), None)?;
            writeln!(
                out,
                "changed the password of {} and ended its sessions",
                name.trim()
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
