fn main() -> std::process::ExitCode {
    dustpan::cli::main()
}
