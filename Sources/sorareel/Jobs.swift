import ArgumentParser
import Foundation
import SoraAPI
import SoraClient

extension Sorareel {
    /// `sorareel jobs list|show|wait|cancel|delete|download ...`
    struct Jobs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, inspect, wait for, cancel, delete and download jobs on either API.",
            subcommands: [List.self, Show.self, Wait.self, Delete.self, Download.self]
        )

        /// Runs `body` with a client for `call`'s API, each call bounded by its `--timeout`.
        static func withClient(_ call: CallOptions, _ body: (SoraClient) async throws -> Void) async throws {
            try await Self.withClient(call.api, call.global, timeout: call.timeout, body)
        }

        /// Runs `body` with a client, shutting it down afterwards and turning errors into one line.
        /// - Parameter timeout: seconds each API call may take, retries included.
        static func withClient(
            _ options: APIOptions, _ global: GlobalOptions, timeout: Int? = nil, _ body: (SoraClient) async throws -> Void
        ) async throws {
            global.configureLogging()
            let clients = ClientFactory(options: options, quiet: global.quiet, callTimeout: timeout, logger: global.logger)
            do {
                try await body(try await clients.defaultClient())
                await clients.shutdown()
            } catch {
                await clients.shutdown()
                printError(describe(error))
                throw ExitCode(1)
            }
        }

        static func line(_ job: GenerationJob) -> String {
            let created = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(job.createdAt)))
            return "\(job.id)  \(job.status)  \(job.width)x\(job.height)  \(job.seconds)s  \(created)  \(job.prompt.prefix(60))"
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Recent jobs, newest first.")
            @Option(name: .long, parsing: .unconditional, help: "How many (1-1000).", transform: ArgumentValues.integer("--limit", 1...1000)) var limit: Int =
                20
            @Flag(name: .long, help: "Print the jobs as JSON on stdout.") var json = false
            @OptionGroup var call: CallOptions

            func run() async throws {
                try await Jobs.withClient(self.call) { client in
                    let jobs = try await client.generator.jobs(limit: self.limit)
                    if self.json {
                        try printJSON(["jobs": jobs.map(JobSummary.init)])
                    } else {
                        for job in jobs { print(Jobs.line(job)) }
                    }
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "One job's status and outputs.")
            @Argument var id: String
            @Flag(name: .long, help: "Print the job as JSON on stdout.") var json = false
            @OptionGroup var call: CallOptions

            func run() async throws {
                try await Jobs.withClient(self.call) { client in
                    let job = try await client.generator.job(self.id)
                    if self.json {
                        try printJSON(JobSummary(job))
                        return
                    }
                    print(Jobs.line(job))
                    for output in job.outputs { print("  output \(output)") }
                    if case .failed(let reason) = job.state { print("  failed: \(reason)") }
                }
            }
        }

        struct Delete: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Cancel a running job, or delete a finished one and its outputs.", aliases: ["cancel"]
            )
            @Argument var id: String
            @OptionGroup var call: CallOptions

            func run() async throws {
                try await Jobs.withClient(self.call) { client in
                    try await client.generator.delete(self.id)
                    if !self.call.global.quiet { print("deleted \(self.id)") }
                }
            }
        }

        struct Download: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Download a job's outputs (or one output id).")
            @Argument(help: "A job id, or an output (generation) id with --output-id.") var id: String
            @Option(name: .long, help: "video, thumbnail or spritesheet.") var kind: ContentKind = .video
            @Flag(name: .long, help: "ID is an output id, not a job id.") var outputID = false
            @Option(name: .shortAndLong, help: "Folder to write into.") var output: String = "."
            @OptionGroup var apiOptions: APIOptions
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                try await Jobs.withClient(self.apiOptions, self.global) { client in
                    let outputs = self.outputID ? [self.id] : try await client.generator.job(self.id).outputs
                    guard !outputs.isEmpty else { throw ValidationError("\(self.id) has no outputs (yet)") }
                    try FileManager.default.createDirectory(atPath: self.output, withIntermediateDirectories: true)
                    let ext = self.kind == .video ? "mp4" : client.configuration.endpoint.api == .azure || self.kind == .spritesheet ? "jpg" : "webp"
                    for output in outputs {
                        let path = URL(fileURLWithPath: self.output).appendingPathComponent(
                            "\(OutputName.of(output)).\(self.kind == .video ? "" : "\(self.kind.rawValue).")\(ext)"
                        ).path
                        let file = try await client.generator.download(output: output, kind: self.kind, to: path)
                        print("\(file.path)  \(file.bytes) bytes")
                    }
                }
            }
        }
    }
}

/// The flags of a `jobs` command that makes single API calls: the API, and how long each call
/// may take, retries included.
struct CallOptions: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional, help: "Seconds each request may take, retries included (1-3600).",
        transform: ArgumentValues.integer("--timeout", 1...3600)
    )
    var timeout: Int = 60
    @OptionGroup var api: APIOptions
    @OptionGroup var global: GlobalOptions
}

/// One job as `jobs list --json` and `jobs show --json` print it.
struct JobSummary: Encodable {
    var id: String
    var status: String
    var prompt: String
    var model: String
    var size: String
    var seconds: Int
    var variants: Int
    var createdAt: Int
    var expiresAt: Int?
    var outputs: [String]
    var failureReason: String?

    init(_ job: GenerationJob) {
        self.id = job.id
        self.status = job.status
        self.prompt = job.prompt
        self.model = job.model
        self.size = "\(job.width)x\(job.height)"
        self.seconds = job.seconds
        self.variants = job.variants
        self.createdAt = job.createdAt
        self.expiresAt = job.expiresAt
        self.outputs = job.outputs
        self.failureReason = if case .failed(let reason) = job.state { reason } else { nil }
    }

    enum CodingKeys: String, CodingKey {
        case id, status, prompt, model, size, seconds, variants, outputs
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case failureReason = "failure_reason"
    }
}
