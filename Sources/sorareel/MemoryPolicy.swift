/// How glibc's allocator serves the process, chosen by the command before any thread starts.
///
/// Commands that decode file after file (probes, which decode a few frames of each file for
/// their stream details; stills, sheets, sprites, previews, validation) keep the memory a
/// file's pictures used for the next file: one arena, and glibc's own threshold for serving
/// large blocks from its heap. Otherwise every file's decoders and pictures come fresh from
/// mmap, and zeroing their pages cost an eighth of the CPU of 50 stills (175,000 page faults
/// against 21,000) and a sixth of the wall time of probing 162 files. The peak stays what one
/// batch of files needs at once.
///
/// Every other command keeps blocks of 128 KiB and more on mmap, returned to the system when
/// freed: glibc otherwise raises that threshold after the first large free and keeps a heap,
/// and a 20-clip stream copy then peaked 3 MiB higher in some runs.
enum MemoryPolicy {
    static let batchDecoding: Set<String> = ["probe", "thumbnail", "sheet", "sprites", "preview", "validate"]

    static func apply(for command: String?) {
        #if canImport(Glibc)
            if let command, Self.batchDecoding.contains(command) {
                _ = glibcMallopt(Self.arenaMax, 1)
            } else {
                _ = glibcMallopt(Self.mmapThreshold, 128 << 10)
            }
        #endif
    }

    #if canImport(Glibc)
        /// `M_ARENA_MAX` and `M_MMAP_THRESHOLD` from `malloc.h`, which Swift's Glibc module leaves out.
        private static let arenaMax: Int32 = -8
        private static let mmapThreshold: Int32 = -3
    #endif
}

#if canImport(Glibc)
    /// glibc's `mallopt`, which Swift's Glibc module leaves out.
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
