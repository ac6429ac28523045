// mimalloc: a large journal makes millions of small allocations (ids, memos, report rows);
// glibc's malloc and free were a sixth of a 1M-invoice run (see bench/NOTES.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    dun::cli::main()
}
