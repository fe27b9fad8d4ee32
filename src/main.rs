fn main() {
    std::process::exit(logcli::run_from_env());
}
