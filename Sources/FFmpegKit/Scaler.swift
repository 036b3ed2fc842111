internal import CFFmpeg

/// Converts pictures between sizes and pixel formats: owns an `SwsContext`, freed with
/// `sws_freeContext`, and re-made only when the source or destination shape changes.
package final class Scaler {
    private var context: OpaquePointer?
    private let flags: Int32

    /// - Parameter quality: `true` for bicubic, as the ffmpeg CLI scales by default (stills,
    ///   previews: they then match ffmpeg's own), `false` for bilinear (every frame of a reel).
    package init(quality: Bool = false) {
        self.flags = quality ? SWS_BICUBIC : SWS_BILINEAR
    }

    deinit {
        sws_freeContext(self.context)
    }

    /// Scales all of `source` into the rectangle (`x`, `y`, `width`, `height`) of `destination`,
    /// leaving the rest of `destination` as it is (letterbox bars, other tiles).
    ///
    /// The corresponding FFmpeg functions are `sws_getCachedContext` and `sws_scale`.
    /// - Throws: ``FFmpegError`` for formats libswscale cannot convert or a rectangle outside
    ///   `destination`; `x` and `y` are rounded down to what chroma subsampling allows.
    package func scale(
        _ source: Frame, into destination: Frame, x: Int = 0, y: Int = 0, width: Int? = nil, height: Int? = nil
    )
        throws(FFmpegError)
    {
        let src = source.pointer
        let dst = destination.pointer
        let width = width ?? Int(dst.pointee.width)
        let height = height ?? Int(dst.pointee.height)
        guard width > 0, height > 0, x >= 0, y >= 0, x + width <= Int(dst.pointee.width),
            y + height <= Int(dst.pointee.height), src.pointee.width > 0, src.pointee.height > 0,
            let descriptor = av_pix_fmt_desc_get(AVPixelFormat(dst.pointee.format))?.pointee
        else {
            throw FFmpegError(code: FFmpegError.invalidArgument, function: "sws_scale", message: "rectangle outside the picture")
        }
        self.context = sws_getCachedContext(
            self.context,
            src.pointee.width, src.pointee.height, AVPixelFormat(src.pointee.format),
            Int32(width), Int32(height), AVPixelFormat(dst.pointee.format),
            self.flags, nil, nil, nil
        )
        guard let context = self.context else {
            throw FFmpegError(code: FFmpegError.invalidArgument, function: "sws_getCachedContext", message: "cannot convert these pixel formats")
        }
        // Point each destination plane at the rectangle's top-left corner.
        let alignedX = (x >> Int(descriptor.log2_chroma_w)) << Int(descriptor.log2_chroma_w)
        let alignedY = (y >> Int(descriptor.log2_chroma_h)) << Int(descriptor.log2_chroma_h)
        let components = withUnsafeBytes(of: descriptor.comp) { Array($0.bindMemory(to: AVComponentDescriptor.self)) }
        var planes = [UnsafeMutablePointer<UInt8>?](repeating: nil, count: 4)
        var strides = [Int32](repeating: 0, count: 4)
        withUnsafeBytes(of: dst.pointee.data) { data in
            withUnsafeBytes(of: dst.pointee.linesize) { linesize in
                let pointers = data.bindMemory(to: UnsafeMutablePointer<UInt8>?.self)
                let sizes = linesize.bindMemory(to: Int32.self)
                for plane in 0..<4 {
                    guard let base = pointers[plane] else { continue }
                    let component = components.first { Int($0.plane) == plane } ?? components[0]
                    let isChroma =
                        plane > 0 && descriptor.flags & UInt64(AV_PIX_FMT_FLAG_RGB) == 0 && descriptor.nb_components > 2
                        && plane < 3
                    let px = isChroma ? alignedX >> Int(descriptor.log2_chroma_w) : alignedX
                    let py = isChroma ? alignedY >> Int(descriptor.log2_chroma_h) : alignedY
                    planes[plane] = base + py * Int(sizes[plane]) + px * Int(component.step)
                    strides[plane] = sizes[plane]
                }
            }
        }
        let sourcePlanes = withUnsafeBytes(of: src.pointee.data) {
            Array($0.bindMemory(to: UnsafeMutablePointer<UInt8>?.self)).map { UnsafePointer($0) }
        }
        let sourceStrides = withUnsafeBytes(of: src.pointee.linesize) { Array($0.bindMemory(to: Int32.self)) }
        let rows = sws_scale(context, sourcePlanes, sourceStrides, 0, src.pointee.height, planes, strides)
        try check(rows, "sws_scale")
    }
}
