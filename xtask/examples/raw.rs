fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let spec = xtask::spec::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let lowered = xtask::lower::lower(&spec.openapi).unwrap();
    let tokens = xtask::progenitor_run::run(&lowered).unwrap_or_else(|e| panic!("{e}"));
    let file = syn::parse2::<syn::File>(tokens).unwrap();
    println!("{}", prettyplease::unparse(&file));
}
