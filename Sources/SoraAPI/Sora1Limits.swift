import Foundation

/// The documented limits of Azure's Sora 1 video generation jobs.
public enum Sora1Limits {
    /// The nine resolutions, landscape and portrait.
    public static var sizes: [VideoSize] { ModelLimits.sora1(deployment: "sora").sizes ?? [] }
    public static let seconds = 1...20

    /// Variants allowed at a size: 1080p has none beyond the first, 720p two, smaller sizes four.
    public static func maxVariants(width: Int, height: Int) -> Int {
        ModelLimits.sora1(deployment: "sora").variants?.maximum(at: VideoSize(width: width, height: height)) ?? 1
    }

    /// The first problem with `request` as the service words it, with the wire parameter at
    /// fault, or `nil` when the service would accept it. The rules are ``ModelLimits/sora1(deployment:)``'s.
    public static func problem(in request: CreateVideoGenerationRequest) -> RequestProblem? {
        if request.model.isEmpty {
            return RequestProblem(param: "model", message: "model (the deployment name) must not be empty")
        }
        let size = VideoSize(width: request.width, height: request.height)
        let limits = ModelLimits.sora1(deployment: request.model)
        if let problem = limits.problems(prompt: request.prompt, size: size, seconds: request.nSeconds, variants: request.nVariants).first {
            switch problem.field {
            case .prompt: return RequestProblem(param: "prompt", message: "prompt \(problem.message)")
            case .size:
                let allowed = (limits.sizes ?? []).map(\.description).joined(separator: ", ")
                return RequestProblem(param: "width", message: "unsupported size \(size); supported sizes are \(allowed)")
            case .seconds:
                return RequestProblem(
                    param: "n_seconds", message: "n_seconds \(request.nSeconds) is outside \(Self.seconds.lowerBound)-\(Self.seconds.upperBound)")
            case .variants:
                let maximum = Self.maxVariants(width: request.width, height: request.height)
                return RequestProblem(param: "n_variants", message: "n_variants \(request.nVariants) is not allowed at \(size) (at most \(maximum))")
            }
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
