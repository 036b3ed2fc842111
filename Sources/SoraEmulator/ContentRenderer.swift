import Foundation
import Logging
import MediaKit
import SoraAPI

/// Renders and caches what the emulator serves: one MP4 per variant (a moving pattern seeded
/// from the prompt and variant, or a pan across the job's input image; AAC for Sora 2), a thumbnail (JPEG for Sora 1, WebP for
/// Sora 2) and a spritesheet (JPEG). Rendering runs on NIO's thread pool, a few at once.
actor ContentRenderer {
    let folder: String
    private let seed: UInt64
    private let renders: AsyncSemaphore
    private let corruptVariants: Set<Int>
    private var inFlight: [String: Task<Void, any Error>] = [:]

    init(configuration: EmulatorConfiguration) throws {
        let folder =
            configuration.stateDirectory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("sorareel-emulator-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        self.folder = folder
        self.seed = configuration.seed
        self.renders = AsyncSemaphore(permits: configuration.renderConcurrency)
        self.corruptVariants = configuration.corruptVariants
    }

    /// Where a variant's files live (rendered or not).
    nonisolated func paths(for job: EmulatedJob, variant: Int) -> (video: String, thumbnail: String, spritesheet: String) {
        let corrupt = job.api == .azure && self.corruptVariants.contains(variant)
        let key = Self.key(job, variant: variant, seed: self.seed) + (corrupt ? "-corrupt" : "")
        let base = URL(fileURLWithPath: self.folder).appendingPathComponent(key).path
        return (base + ".mp4", base + (job.api == .azure ? ".thumb.jpg" : ".thumb.webp"), base + ".sprite.jpg")
    }

    /// Renders every variant of `job` (reusing cached files).
    func render(_ job: EmulatedJob) async throws {
        for variant in 0..<max(1, job.api == .azure ? job.variants : 1) {
            let paths = self.paths(for: job, variant: variant)
            if FileManager.default.fileExists(atPath: paths.spritesheet) { continue }
            if let running = self.inFlight[paths.video] {
                try await running.value
                continue
            }
            let task = Task { try await self.renderOne(job, variant: variant, paths: paths) }
            self.inFlight[paths.video] = task
            defer { self.inFlight[paths.video] = nil }
            try await task.value
        }
    }

    private func renderOne(_ job: EmulatedJob, variant: Int, paths: (video: String, thumbnail: String, spritesheet: String)) async throws {
        try await self.renders.acquire()
        defer { self.renders.release() }
        try await self.make(job, variant: variant, paths: paths)
    }

    private func make(_ job: EmulatedJob, variant: Int, paths: (video: String, thumbnail: String, spritesheet: String)) async throws {
        let spec = ClipSpec(
            size: VideoSize(width: job.width, height: job.height), seconds: Double(job.seconds), frameRate: 30,
            seed: "\(self.seed)|\(job.prompt)|\(variant)", audio: job.api == .openai, quality: 30, preset: "veryfast",
            startImage: job.startImage
        )
        try await ClipSynthesizer().render(spec, to: paths.video)
        let format: ImageFormat = job.api == .azure ? .jpg : .webp
        // A folder of its own: emulators sharing a state directory may render the same clip at once.
        let scratch = paths.video + ".\(UUID().uuidString).stills"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let still = try await Thumbnailer(mode: .at(Double(job.seconds) / 2), format: format).thumbnails(of: paths.video, into: scratch)
        guard let first = still.first else { throw MediaError(.writeFailed, path: paths.video, "no thumbnail") }
        _ = rename(first.path, paths.thumbnail)
        try await ContactSheet(columns: 5, rows: 5, width: min(1280, job.width * 5 / 2)).write(paths.video, to: paths.spritesheet)
        if job.api == .azure, self.corruptVariants.contains(variant) {
            let size = (try FileManager.default.attributesOfItem(atPath: paths.video)[.size] as? NSNumber)?.int64Value ?? 0
            _ = truncate(paths.video, off_t(size * 6 / 10))
        }
    }

    /// FNV-1a over what determines the content.
    static func key(_ job: EmulatedJob, variant: Int, seed: UInt64) -> String {
        let text = "\(seed)|\(job.api == .azure ? 1 : 2)|\(job.prompt)|\(job.width)x\(job.height)|\(job.seconds)|\(variant)"
        let basis = Array(text.utf8) + (job.startImage.map { [0] + $0 } ?? [])
        let hash = basis.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        return String(hash, radix: 16)
    }
}
