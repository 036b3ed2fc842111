import ArgumentParser

/// `sorareel`: prompts to checked, stitched video.
@main
struct Sorareel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sorareel",
        abstract: "Generate, check and stitch Sora video clips.",
        version: "0.1.0",
        subcommands: [Run.self, Generate.self, Jobs.self, Probe.self, Validate.self, Thumbnail.self, Sheet.self, Concat.self, Emulator.self, Synth.self]
    )
}
