import Foundation
/// The documented limits of Azure's Sora 1 video generation jobs.
public enum Sora1Limits {
    /// The nine resolutions, landscape and portrait.
    public static let sizes: [(width: Int, height: Int)] = [
        (480, 480), (480, 854), (854, 480), (720, 720), (720, 1280), (1280, 720), (1080, 1080), (1080, 1920), (1920, 1080),
    ]
    public static let seconds = 1...20

    /// Variants allowed at a size: 1080p has none beyond the first, 720p two, smaller sizes four.
    public static func maxVariants(width: Int, height: Int) -> Int {
        switch min(width, height) {
        case 1080...: 1
        case 720...: 2
        default: 4
        }
    }

    /// The first problem with `request`, or `nil` when the service would accept it.
    public static func problem(in request: CreateVideoGenerationRequest) -> RequestProblem? {
        if request.prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return RequestProblem(param: "prompt", message: "prompt must not be empty")
        }
        if request.model.isEmpty {
            return RequestProblem(param: "model", message: "model (the deployment name) must not be empty")
        }
        guard Self.sizes.contains(where: { $0.width == request.width && $0.height == request.height }) else {
            let allowed = Self.sizes.map { "\($0.width)x\($0.height)" }.joined(separator: ", ")
            return RequestProblem(
                param: "width",
                message: "unsupported size \(request.width)x\(request.height); supported sizes are \(allowed)"
            )
        }
        guard Self.seconds.contains(request.nSeconds) else {
            return RequestProblem(
                param: "n_seconds",
                message: "n_seconds \(request.nSeconds) is outside \(Self.seconds.lowerBound)-\(Self.seconds.upperBound)"
            )
        }
        let maximum = Self.maxVariants(width: request.width, height: request.height)
        guard request.nVariants >= 1, request.nVariants <= maximum else {
            return RequestProblem(
                param: "n_variants",
                message: "n_variants \(request.nVariants) is not allowed at \(request.width)x\(request.height) (1 to \(maximum))"
            )
        }
        for item in request.inpaintItems ?? [] {
            if item.type != "image" && item.type != "video" {
                return RequestProblem(param: "inpaint_items", message: "inpaint item type must be image or video, not \(item.type)")
            }
            if item.frameIndex < 0 {
                return RequestProblem(param: "inpaint_items", message: "inpaint item frame_index must not be negative")
            }
            if let crop = item.cropBounds,
                !(0 <= crop.leftFraction && crop.leftFraction < crop.rightFraction && crop.rightFraction <= 1
                    && 0 <= crop.topFraction && crop.topFraction < crop.bottomFraction && crop.bottomFraction <= 1)
            {
                return RequestProblem(param: "inpaint_items", message: "crop_bounds must satisfy 0 <= left < right <= 1 and 0 <= top < bottom <= 1")
            }
        }
        return nil
    }
}
