internal import CFFmpeg
import Glibc

extension Frame {
    /// Fills this yuv420p picture with `source` (yuv420p, the same size) moved `pixels` to the
    /// left, wrapping around: a steady pan across a still picture, one row copy at a time.
    /// `pixels` is rounded down to even, so chroma moves by whole samples.
    package func pan(from source: Frame, by pixels: Int) throws(FFmpegError) {
        let target = self.pointer
        let origin = source.pointer
        guard target.pointee.format == AV_PIX_FMT_YUV420P.rawValue, origin.pointee.format == AV_PIX_FMT_YUV420P.rawValue,
            target.pointee.width == origin.pointee.width, target.pointee.height == origin.pointee.height
        else {
            throw FFmpegError(code: FFmpegError.invalidArgument, function: "pan", message: "only yuv420p pictures of one size can be panned")
        }
        let width = Int(target.pointee.width)
        let height = Int(target.pointee.height)
        let shift = (pixels % width) / 2 * 2
        let targetPlanes = withUnsafeBytes(of: target.pointee.data) { Array($0.bindMemory(to: UnsafeMutablePointer<UInt8>?.self)) }
        let sourcePlanes = withUnsafeBytes(of: origin.pointee.data) { Array($0.bindMemory(to: UnsafeMutablePointer<UInt8>?.self)) }
        let targetStrides = withUnsafeBytes(of: target.pointee.linesize) { Array($0.bindMemory(to: Int32.self)).map { Int($0) } }
        let sourceStrides = withUnsafeBytes(of: origin.pointee.linesize) { Array($0.bindMemory(to: Int32.self)).map { Int($0) } }
        for plane in 0..<3 {
            guard let to = targetPlanes[plane], let from = sourcePlanes[plane] else { continue }
            let divisor = plane == 0 ? 1 : 2
            let (rowWidth, rows, offset) = (width / divisor, (height + divisor - 1) / divisor, shift / divisor)
            for row in 0..<rows {
                let destination = to + row * targetStrides[plane]
                let start = from + row * sourceStrides[plane]
                memcpy(destination, start + offset, rowWidth - offset)
                memcpy(destination + (rowWidth - offset), start, offset)
            }
        }
    }
}
