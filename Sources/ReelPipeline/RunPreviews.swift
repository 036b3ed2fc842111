import Foundation
import MediaKit

/// The previews a run adds for people once its shots and reel are done: an animated WebP loop
/// of every variant (the report shows them side by side), scrub sprites with a WebVTT
/// thumbnail track for each shot's chosen clip and for the reel (the report's player shows
/// them over its seek bar). Paths in the manifest are relative to the output folder.
///
/// Made again only when missing or older than their clip, so a resumed run reuses them. A
/// preview that cannot be made is left out with a note; it never fails the run.
enum RunPreviews {
    static let preview = AnimatedPreview(seconds: 2, width: 320, format: .webp)
    static let sprites = ScrubSprites(interval: 1, width: 160, columns: 10)

    static func add(to shots: inout [Manifest.ShotEntry], reel: inout Manifest.ReelEntry?, output: String, observer: any RunObserver) async {
        for (shotIndex, shot) in shots.enumerated() {
            for (variantIndex, variant) in shot.variants.enumerated() {
                let clip = Self.absolute(variant.file, in: output)
                let target = URL(fileURLWithPath: clip).deletingPathExtension().path + ".preview.webp"
                do {
                    if !Self.isCurrent(target, for: clip) { _ = try await Self.preview.make(clip, to: target) }
                    shots[shotIndex].variants[variantIndex].preview = Previews.relative(target, to: output)
                } catch {
                    observer.note("\(shot.name): no animated preview of variant \(variant.index): \(error.message)")
                }
            }
            guard let chosen = shot.chosenVariant, let variant = shot.variants.first(where: { $0.index == chosen }) else { continue }
            shots[shotIndex].sprites = await Self.sprites(of: Self.absolute(variant.file, in: output), output: output, observer: observer, name: shot.name)
        }
        if let file = reel?.file, reel?.error == nil {
            reel?.sprites = await Self.sprites(of: Self.absolute(file, in: output), output: output, observer: observer, name: "reel")
        }
    }

    /// The clip's sprites' VTT file, relative to the output folder; `nil` with a note when they cannot be made.
    private static func sprites(of clip: String, output: String, observer: any RunObserver, name: String) async -> String? {
        let url = URL(fileURLWithPath: clip)
        let folder = url.deletingLastPathComponent().path
        let stem = url.deletingPathExtension().lastPathComponent
        let vtt = URL(fileURLWithPath: folder).appendingPathComponent("\(stem).sprites.vtt").path
        do {
            if !Self.isCurrent(vtt, for: clip) { _ = try await Self.sprites.make(clip, into: folder, stem: stem) }
            return Previews.relative(vtt, to: output)
        } catch {
            observer.note("\(name): no scrub sprites: \(error.message)")
            return nil
        }
    }

    private static func absolute(_ relative: String, in output: String) -> String {
        relative.hasPrefix("/") ? relative : URL(fileURLWithPath: output).appendingPathComponent(relative).path
    }

    /// Whether `output` exists and is no older than `input` (written after it).
    private static func isCurrent(_ output: String, for input: String) -> Bool {
        guard let made = Self.modified(output), let source = Self.modified(input) else { return false }
        return made >= source
    }

    private static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
