//! A crate's modules read from its files: file modules (`name.rs` or `name/mod.rs`), folders
//! and inline modules, each by its path below the crate root.

use std::collections::BTreeMap;
use std::path::Path;

use syn::Item;

/// The parsed modules of a crate, by path below the crate root (`[]` is the root, `["mock"]`
/// a module of the root, `["mock", "matcher"]` one of its submodules).
pub(super) struct Crate {
    modules: BTreeMap<Vec<String>, Vec<Item>>,
}

impl Crate {
    /// Reads the crate whose root file is `dir/lib.rs`; `read` gives a file's text, or `None`
    /// when there is no such file.
    pub(super) fn read(dir: &Path, read: &dyn Fn(&Path) -> Option<String>) -> Result<Self, String> {
        let mut modules = BTreeMap::new();
        let root = parse(&dir.join("lib.rs"), read)?;
        load(dir, Vec::new(), root.items, read, &mut modules)?;
        Ok(Self { modules })
    }

    /// The items of `module`, empty for a module the crate does not have.
    pub(super) fn items(&self, module: &[String]) -> &[Item] {
        self.modules.get(module).map_or(&[], Vec::as_slice)
    }

    /// Whether the crate has the module `module`.
    pub(super) fn has(&self, module: &[String]) -> bool {
        self.modules.contains_key(module)
    }

    /// Every module's items.
    pub(super) fn modules(&self) -> impl Iterator<Item = &[Item]> {
        self.modules.values().map(Vec::as_slice)
    }
}

fn parse(path: &Path, read: &dyn Fn(&Path) -> Option<String>) -> Result<syn::File, String> {
    let text = read(path).ok_or_else(|| format!("no {}", path.display()))?;
    syn::parse_file(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Records `items` as the module `path`, whose child modules' files live in `dir`, and the
/// modules below it.
fn load(
    dir: &Path,
    path: Vec<String>,
    items: Vec<Item>,
    read: &dyn Fn(&Path) -> Option<String>,
    modules: &mut BTreeMap<Vec<String>, Vec<Item>>,
) -> Result<(), String> {
    for item in &items {
        let Item::Mod(m) = item else { continue };
        let name = m.ident.to_string();
        let mut child = path.clone();
        child.push(name.clone());
        let child_dir = dir.join(&name);
        match &m.content {
            Some((_, inline)) => load(&child_dir, child, inline.clone(), read, modules)?,
            None => {
                let file = dir.join(format!("{name}.rs"));
                let file = if read(&file).is_some() {
                    file
                } else {
                    child_dir.join("mod.rs")
                };
                let items = parse(&file, read)?.items;
                load(&child_dir, child, items, read, modules)?;
            }
        }
    }
    modules.insert(path, items);
    Ok(())
}
