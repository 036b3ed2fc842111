import SoraAPI

/// The rectangles of ``ImageFit``: which part of the source to keep when cropping, and where
/// the whole source lands when padding. Sizes are rounded to whole pixels, never zero, never
/// beyond the picture.
enum FitGeometry {
    struct Area: Hashable {
        var x, y, width, height: Int
    }

    /// The centred part of `source` with `target`'s shape: scaled up or down, it covers the target.
    static func cover(_ source: VideoSize, target: VideoSize) -> Area {
        if source.width * target.height > target.width * source.height {  // wider than the target: cut the sides
            let width = Self.clamp(Double(source.height) * Double(target.width) / Double(target.height), to: source.width)
            return Area(x: (source.width - width) / 2, y: 0, width: width, height: source.height)
        }
        let height = Self.clamp(Double(source.width) * Double(target.height) / Double(target.width), to: source.height)
        return Area(x: 0, y: (source.height - height) / 2, width: source.width, height: height)
    }

    /// Where in `target` the whole of `source`, scaled with its shape kept, sits centred.
    static func contain(_ source: VideoSize, target: VideoSize) -> Area {
        if source.width * target.height > target.width * source.height {  // wider: bars above and below
            let height = Self.clamp(Double(target.width) * Double(source.height) / Double(source.width), to: target.height)
            return Area(x: 0, y: (target.height - height) / 2, width: target.width, height: height)
        }
        let width = Self.clamp(Double(target.height) * Double(source.width) / Double(source.height), to: target.width)
        return Area(x: (target.width - width) / 2, y: 0, width: width, height: target.height)
    }

    private static func clamp(_ value: Double, to limit: Int) -> Int {
        min(limit, max(1, Int(value.rounded())))
    }
}
