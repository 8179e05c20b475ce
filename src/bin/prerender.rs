//! Renders the standalone page to static HTML in each language (see `solidarity::prerender`).
//! Run by `scripts/post-build.sh` inside `trunk build`:
//!
//! ```text
//! prerender <built site directory> [public URL, default "/"]
//! ```
//!
//! Reads `index.html`, `config.json` and the static comments file the configuration names
//! from that directory, and writes `index.html` (the default language) and `<code>/index.html`,
//! and the partner fragments `fragment-<code>.html` (plus `fragment.html`, the default
//! language's) that `embed.js` shows before the WebAssembly arrives.

use solidarity::i18n::Lang;
use solidarity::prerender::{fragment, page, Inputs};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(site) = args.next().map(PathBuf::from) else {
        eprintln!("usage: prerender <built site directory> [public URL]");
        return ExitCode::from(2);
    };
    let public_url = args.next().unwrap_or_else(|| "/".to_owned());
    match run(&site, public_url) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("prerender: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(site: &Path, public_url: String) -> Result<(), String> {
    let read = |name: &str| {
        std::fs::read_to_string(site.join(name))
            .map_err(|error| format!("{}: {error}", site.join(name).display()))
    };
    let template = read("index.html")?;
    let config = read("config.json")?;
    let parsed = solidarity::config::Config::from_text(&config, &Default::default()).ok();
    let comments = match parsed
        .as_ref()
        .and_then(|c| c.comments.static_url.as_deref())
        .and_then(local_path)
    {
        Some(name) => read(&name)?,
        None => String::new(),
    };
    let wall = match parsed
        .as_ref()
        .and_then(|c| c.wall.as_ref()?.static_url.as_deref())
        .and_then(local_path)
    {
        Some(name) => read(&name)?,
        None => String::new(),
    };
    let inputs = Inputs {
        template,
        config,
        comments,
        wall,
        public_url,
    };
    // Render every page before writing any: index.html is also the template.
    let pages = Lang::ALL
        .into_iter()
        .map(|lang| page(&inputs, lang).map_err(|error| error.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let default = solidarity::prerender::default_lang(&inputs.config);
    let fragments = Lang::ALL.into_iter().flat_map(|lang| {
        let html = fragment::render(lang);
        let default_copy =
            (lang == default).then(|| (fragment::DEFAULT_FILE.to_owned(), html.clone()));
        std::iter::once((fragment::file_name(lang), html)).chain(default_copy)
    });
    for (file, html) in pages.into_iter().chain(fragments) {
        let path = site.join(&file);
        if let Some(directory) = path.parent() {
            std::fs::create_dir_all(directory)
                .map_err(|error| format!("{}: {error}", directory.display()))?;
        }
        std::fs::write(&path, &html).map_err(|error| format!("{}: {error}", path.display()))?;
        println!("prerender: {file} ({} bytes)", html.len());
    }
    Ok(())
}

/// A file of this site named by the configuration (a relative path without `..`); a
/// remote URL is not fetched at build time.
fn local_path(path: &str) -> Option<String> {
    let local = !path.contains("://")
        && !path.starts_with('/')
        && !path.split('/').any(|part| part == "..");
    local.then(|| path.split(['?', '#']).next().unwrap_or_default().to_owned())
}
