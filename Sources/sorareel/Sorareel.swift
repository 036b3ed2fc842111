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
        let arguments = Array(CommandLine.arguments.dropFirst())
        MemoryPolicy.apply(for: arguments.first)
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
