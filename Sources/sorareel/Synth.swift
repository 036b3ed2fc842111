import ArgumentParser
import MediaKit
import SoraAPI

extension Sorareel {
    /// `sorareel synth OUTPUT [--size WxH] [--seconds S] [--fps N] [--seed TEXT] [--audio]`
    struct Synth: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render a deterministic test clip (what the emulator serves), for tests and benchmarks."
        )

        @Argument(help: "The MP4 file to write.")
        var output: String

        @Option(name: .long, help: "Picture size, e.g. 1280x720.")
        var size: VideoSize = VideoSize(width: 480, height: 480)

        @Option(
            name: .long, parsing: .unconditional, help: "Duration in seconds (more than 0, at most 3600).",
            transform: ArgumentValues.positiveSeconds("--seconds", upTo: 3600))
        var seconds: Double = 5

        @Option(name: .long, parsing: .unconditional, help: "Frames per second (1-240).", transform: ArgumentValues.integer("--fps", 1...240))
        var fps: Int = 30

        @Option(name: .long, help: "Text that seeds the pattern and the tone (a prompt, say).")
        var seed: String = "sorareel"

        @Flag(name: .long, help: "Add an AAC tone.")
        var audio = false

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            self.global.configureLogging()
            let spec = ClipSpec(size: self.size, seconds: self.seconds, frameRate: self.fps, seed: self.seed, audio: self.audio)
            do {
                try await ClipSynthesizer().render(spec, to: self.output)
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
            if !self.global.quiet { print(self.output) }
        }
    }
}
