import ArgumentParser

/// `sorareel`: prompts to checked, stitched video.
@main
struct Sorareel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sorareel",
        abstract: "Generate, check and stitch Sora video clips.",
        version: "0.1.0",
        subcommands: [
            Run.self, Submit.self, Worker.self, Status.self, Generate.self, Jobs.self, Probe.self, Validate.self, Thumbnail.self, Sheet.self, Sprites.self,
            Preview.self, Concat.self, Emulator.self, Synth.self,
        ]
    )

    static func main() async {
        #if canImport(Glibc)
            // Blocks of 128 KiB and more (probe buffers, decoded pictures, the muxer's growing
            // index) always come from mmap and go back to the system when freed. glibc otherwise
            // raises that threshold after the first large free and serves later large blocks from
            // a heap it keeps: a 20-clip stream copy then peaked 3 MiB higher in some runs.
            _ = glibcMallopt(glibcMmapThreshold, 128 << 10)
        #endif
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let name = ArgumentValues.dashedFileName(in: arguments) {
            Self.exit(
                withError: ValidationError(
                    "\(name) is not an option; put a file whose name starts with - after --, as in: sorareel \(arguments.first ?? "probe") -- \(name)")
            )
        }
        Validate.exitOnUsageError(arguments)
        await Self.main(arguments)
    }
}

#if canImport(Glibc)
    /// glibc's `mallopt` and `M_MMAP_THRESHOLD` from `malloc.h`, which Swift's Glibc module leaves out.
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
    private let glibcMmapThreshold: Int32 = -3
#endif
