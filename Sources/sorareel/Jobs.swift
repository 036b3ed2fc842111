import ArgumentParser
import Foundation
import SoraClient

extension Sorareel {
    /// `sorareel jobs list|show|wait|cancel|delete|download ...`
    struct Jobs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, inspect, wait for, cancel, delete and download jobs on either API.",
            subcommands: [List.self, Show.self, Wait.self, Delete.self, Download.self]
        )

        /// Runs `body` with a client, shutting it down afterwards and turning errors into one line.
        static func withClient(_ options: APIOptions, _ global: GlobalOptions, _ body: (SoraClient) async throws -> Void) async throws {
            global.configureLogging()
            let clients = ClientFactory(options: options, logger: global.logger)
            do {
                try await body(try await clients.defaultClient())
                await clients.shutdown()
            } catch {
                await clients.shutdown()
                printError(Generate.describe(error))
                throw ExitCode(1)
            }
        }

        static func line(_ job: GenerationJob) -> String {
            let created = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(job.createdAt)))
            return "\(job.id)  \(job.status)  \(job.width)x\(job.height)  \(job.seconds)s  \(created)  \(job.prompt.prefix(60))"
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Recent jobs, newest first.")
            @Option(name: .long, help: "How many.") var limit: Int = 20
            @OptionGroup var apiOptions: APIOptions
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                try await Jobs.withClient(self.apiOptions, self.global) { client in
                    for job in try await client.generator.jobs(limit: self.limit) { print(Jobs.line(job)) }
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "One job's status and outputs.")
            @Argument var id: String
            @OptionGroup var apiOptions: APIOptions
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                try await Jobs.withClient(self.apiOptions, self.global) { client in
                    let job = try await client.generator.job(self.id)
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
            @OptionGroup var apiOptions: APIOptions
            @OptionGroup var global: GlobalOptions

            func run() async throws {
                try await Jobs.withClient(self.apiOptions, self.global) { client in
                    try await client.generator.delete(self.id)
                    if !self.global.quiet { print("deleted \(self.id)") }
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
                        let path = URL(fileURLWithPath: self.output).appendingPathComponent("\(output).\(self.kind == .video ? "" : "\(self.kind.rawValue).")\(ext)").path
                        let file = try await client.generator.download(output: output, kind: self.kind, to: path)
                        print("\(file.path)  \(file.bytes) bytes")
                    }
                }
            }
        }
    }
}

