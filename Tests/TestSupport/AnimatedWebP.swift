import Foundation

/// Reads an animated WebP file's container: FFmpeg 5.1 cannot decode animated WebP, so its
/// frames are counted here from the RIFF chunks.
public enum AnimatedWebP {
    /// The `ANMF` (frame) chunks, the canvas size from `VP8X`, and the loop count from `ANIM`
    /// (0: forever; -1 without one); `nil` when the file is not a WebP file.
    public static func read(_ path: String) throws -> (frames: Int, width: Int, height: Int, loops: Int)? {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes.count > 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WEBP".utf8) else { return nil }
        func little(_ at: Int, _ count: Int) -> Int { (0..<count).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        var position = 12
        var frames = 0
        var width = 0, height = 0, loops = -1
        while position + 8 <= bytes.count {
            let kind = String(decoding: bytes[position..<position + 4], as: UTF8.self)
            let size = little(position + 4, 4)
            if kind == "ANMF" { frames += 1 }
            if kind == "VP8X", position + 18 <= bytes.count {
                width = little(position + 12, 3) + 1
                height = little(position + 15, 3) + 1
            }
            if kind == "ANIM", position + 14 <= bytes.count { loops = little(position + 12, 2) }
            position += 8 + size + (size & 1)
        }
        return (frames, width, height, loops)
    }
}
