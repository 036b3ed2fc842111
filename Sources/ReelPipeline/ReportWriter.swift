import Foundation
import MediaKit
import Mustache

/// Writes `report.html`: one self-contained page, linking files in the output folder by
/// relative paths, rendered from the `report.mustache` template.
enum ReportWriter {
    static func write(_ manifest: Manifest, to folder: String) throws {
        guard let url = Bundle.module.url(forResource: "report", withExtension: "mustache", subdirectory: "Templates"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            throw PipelineError(.io, "the report template is missing from the installation")
        }
        let template: MustacheTemplate
        do {
            template = try MustacheTemplate(string: text)
        } catch {
            throw PipelineError(.io, "the report template does not parse: \(error)")
        }
        let html = template.render(Self.context(manifest, folder: folder))
        let destination = URL(fileURLWithPath: folder).appendingPathComponent("report.html")
        do {
            try Data(html.utf8).write(to: destination, options: .atomic)
        } catch {
            throw PipelineError(.io, "cannot write \(destination.path): \(error.localizedDescription)")
        }
    }

    /// The template's view of the manifest: plain dictionaries, values formatted for people.
    /// - Parameter folder: the output folder, where the player's chapters track is written
    ///   and its thumbnail cues read; `nil` leaves the player without them.
    static func context(_ manifest: Manifest, folder: String? = nil) -> [String: Any] {
        let shots: [[String: Any]] = manifest.shots.map { shot in
            let chosen = shot.variants.first { $0.index == shot.chosenVariant }
            return [
                "name": shot.name, "prompt": shot.prompt, "api": shot.api, "model": shot.model, "size": shot.size,
                "seconds": shot.seconds, "job_id": shot.jobID ?? "—", "status": shot.status.rawValue.replacingOccurrences(of: "_", with: " "),
                "failed": shot.status != .done, "spend": shot.spend.summary, "has_retries": shot.attempts.count > 1,
                "attempts": shot.attempts.map { attempt in
                    [
                        "number": attempt.number, "job_id": attempt.jobID ?? "—", "outcome": attempt.outcome,
                        "billed": "\(attempt.billedSeconds) s" + (attempt.usd.map { ", " + Spend.dollars($0) } ?? ""),
                        "reason": attempt.redoneBecause ?? "",
                    ] as [String: Any]
                },
                "error": shot.error ?? "", "has_error": shot.error != nil,
                "elapsed": shot.elapsed.map { String(format: "%.1f s", $0) } ?? "—",
                "chosen": chosen.map(Self.variant) ?? [:], "has_chosen": chosen != nil,
                "variants": shot.variants.map(Self.variant),
                "continues": shot.continues.map { continues in
                    [
                        "shot": continues.shot, "at": continues.at == "last" ? "its last frame" : "\(continues.at)",
                        "frame": continues.frame ?? "", "has_frame": continues.frame != nil,
                    ] as [String: Any]
                } ?? [:],
                "has_continues": shot.continues != nil,
                "sprites": shot.sprites ?? "", "has_sprites": shot.sprites != nil,
            ]
        }
        var context: [String: Any] = [
            "title": manifest.title, "storyboard": manifest.storyboard, "passed": manifest.passed,
            "verdict": manifest.passed ? "PASS" : "FAIL",
            "generated": ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: manifest.finishedAt)),
            "elapsed": String(format: "%.1f s", manifest.finishedAt - manifest.startedAt),
            "shots": shots, "shot_count": shots.count,
            "done_count": manifest.shots.filter { $0.status == .done }.count,
            "spend": manifest.spend.summary, "budget": manifest.budget.summary, "has_budget": manifest.budget.isLimited,
        ]
        if let reel = manifest.reel {
            context["reel"] = [
                "file": reel.file, "mode": reel.mode?.rawValue ?? "nothing", "reason": reel.reason, "passed": reel.passed,
                "error": reel.error ?? "", "has_error": reel.error != nil, "verdicts": reel.verdicts.map(Self.verdict),
                "duration": reel.probe?.duration.map { String(format: "%.2f s", $0) } ?? "—",
                "chapters": reel.chapters.map { ["title": $0.title ?? "", "start": String(format: "%.2f", $0.start), "end": String(format: "%.2f", $0.end)] },
                "captions": reel.captions ?? "", "has_captions": reel.captions != nil,
                "loudness": reel.loudness.map { String(format: "%.1f LUFS integrated, true peak %.1f dBTP", $0.integrated, $0.truePeak) } ?? "",
                "has_loudness": reel.loudness != nil, "notes": reel.notes,
            ]
            context["has_reel"] = reel.error == nil
        }
        // Issue 16: the reel player with scrub sprites and chapters.
        if let player = ReportPlayer.context(manifest.reel, folder: folder) { context["player"] = player }
        return context
    }

    private static func variant(_ variant: Manifest.VariantEntry) -> [String: Any] {
        [
            "index": variant.index, "file": variant.file, "output_id": variant.outputID, "passed": variant.passed,
            "thumbnail": variant.thumbnail ?? "", "has_thumbnail": variant.thumbnail != nil,
            "sheet": variant.sheet ?? "", "has_sheet": variant.sheet != nil,
            "preview": variant.preview ?? "", "has_preview": variant.preview != nil,
            "duration": variant.probe?.duration.map { String(format: "%.2f s", $0) } ?? "—",
            "size": variant.probe.flatMap { probe in probe.width.map { "\($0)x\(probe.height ?? 0)" } } ?? "—",
            "verdicts": variant.verdicts.map(Self.verdict),
        ]
    }

    private static func verdict(_ verdict: Verdict) -> [String: Any] {
        [
            "rule": verdict.rule, "actual": verdict.actual, "expected": verdict.expected, "passed": verdict.passed,
            "class": verdict.passed ? "ok" : verdict.severity == .error ? "fail" : "warn",
        ]
    }
}
