fn main() -> std::process::ExitCode {
    dun::cli::main()
}
