import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SoraEmulator

extension Sorareel {
    /// `sorareel emulator [--host H] [--port P] [--time-scale X] [--seed N] [--fault KIND=RATE]... [--state-dir DIR]`
    struct Emulator: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the local Sora server: both APIs, real MP4s, faults on demand."
        )

        @Option(name: .long, help: "Address to listen on.") var host: String = "127.0.0.1"
        @Option(name: .long, parsing: .unconditional, help: "Port, 0-65535 (0 picks a free one).", transform: ArgumentValues.integer("--port", 0...65_535))
        var port: Int = 8080
        @Option(
            name: .long, parsing: .unconditional, help: "Job timing multiplier, 0-100: 1 realistic, 0.05 twenty times faster, 0 immediate.",
            transform: ArgumentValues.decimal("--time-scale", 0...100)) var timeScale: Double = 1
        @Option(name: .long, help: "Seed for ids, faults and content.") var seed: UInt64 = 1
        @Option(name: .long, help: "KIND=RATE, repeatable; KIND: 429, 500, 503, moderation, internal, drop, truncate, slow, lost-create, lost-delete.")
        var fault: [String] = []
        @Option(name: .long, help: "Folder for rendered clips (default: a temporary folder).") var stateDir: String?
        @Option(name: .long, help: "Error bodies: envelope ({\"error\":{...}}) or flat.") var errorShape: String = "envelope"
        @Option(name: .long, help: "Status of a successful Sora 1 create: 201 (as live Azure) or 200 (the spec).") var createStatus: Int = 201
        @Option(
            name: .long, parsing: .unconditional, help: "Running jobs per deployment before 429 \"too many running tasks\" (1-1000).",
            transform: ArgumentValues.integer("--max-running", 1...1000)) var maxRunning: Int = 2
        @Option(
            name: .long, parsing: .unconditional, help: "Create requests per minute (0: no limit).",
            transform: ArgumentValues.integer("--creates-per-minute", 0...1_000_000)) var createsPerMinute: Int = 60
        @Option(name: .long, parsing: .unconditional, help: "Clips rendered at once (1-64).", transform: ArgumentValues.integer("--render-concurrency", 1...64))
        var renderConcurrency: Int = 2
        @Option(name: .long, help: "Accept only this key (repeatable); default: any non-empty key.") var apiKey: [String] = []
        @Option(name: .long, help: "Serve Sora 1 variant N cut short, as a damaged clip (repeatable).") var corruptVariant: [Int] = []
        @Option(name: .long, help: "Ids like the services' (native) or like a LiteLLM proxy's, base64 with +, / and = (gateway).")
        var idStyle: String = "native"
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            for item in self.fault where EmulatorFault.parse(item) == nil {
                throw ValidationError(
                    "--fault \(item): expected KIND=RATE with KIND one of \(EmulatorFault.allCases.map(\.rawValue).joined(separator: ", ")) and RATE 0-1")
            }
            guard EmulatorConfiguration.ErrorShape(rawValue: self.errorShape) != nil else { throw ValidationError("--error-shape must be envelope or flat") }
            guard EmulatorConfiguration.IDStyle(rawValue: self.idStyle) != nil else { throw ValidationError("--id-style must be native or gateway") }
            guard self.createStatus == 200 || self.createStatus == 201 else { throw ValidationError("--create-status must be 200 or 201") }
        }

        func run() async throws {
            self.global.configureLogging()
            var faults: [EmulatorFault: Double] = [:]
            for item in self.fault { if let (fault, rate) = EmulatorFault.parse(item) { faults[fault] = rate } }
            let configuration = EmulatorConfiguration(
                host: self.host, port: self.port, timeScale: self.timeScale, seed: self.seed, faults: faults,
                errorShape: EmulatorConfiguration.ErrorShape(rawValue: self.errorShape) ?? .envelope,
                idStyle: EmulatorConfiguration.IDStyle(rawValue: self.idStyle) ?? .native, createStatus: self.createStatus,
                maxRunningPerDeployment: self.maxRunning, createsPerMinute: self.createsPerMinute,
                renderConcurrency: self.renderConcurrency, apiKeys: self.apiKey.isEmpty ? nil : Set(self.apiKey),
                stateDirectory: self.stateDir, corruptVariants: Set(self.corruptVariant)
            )
            let key = self.apiKey.first ?? "sorareel-emulator"
            let host = self.host
            let app = try buildEmulatorApplication(configuration: configuration, logger: self.global.logger) { port in
                let base = "http://\(host):\(port)"
                let lines = [
                    base, "export AZURE_OPENAI_ENDPOINT=\(base)", "export AZURE_OPENAI_API_KEY=\(key)",
                    "export OPENAI_BASE_URL=\(base)/v1", "export OPENAI_API_KEY=\(key)",
                ]
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            }
            try await app.runService()
        }
    }
}
