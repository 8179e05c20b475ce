//! Text rules shared by the API and the console.

pub mod skeleton;
