internal import CFFmpeg

extension Frame {
    /// Keeps only the rectangle (`x`, `y`, `width`, `height`) of this picture, without copying
    /// pixels: the planes are re-pointed at the rectangle and the size shrinks to it. `x` and
    /// `y` are rounded down where chroma subsampling requires it.
    ///
    /// The corresponding FFmpeg function is `av_frame_apply_cropping`.
    /// - Throws: ``FFmpegError`` for a rectangle outside the picture.
    package func crop(x: Int, y: Int, width: Int, height: Int) throws(FFmpegError) {
        guard x >= 0, y >= 0, width > 0, height > 0, x + width <= self.width, y + height <= self.height else {
            throw FFmpegError(
                code: FFmpegError.invalidArgument, function: "av_frame_apply_cropping",
                message: "crop \(width)x\(height)+\(x)+\(y) is outside the \(self.width)x\(self.height) picture"
            )
        }
        self.pointer.pointee.crop_left = x
        self.pointer.pointee.crop_top = y
        self.pointer.pointee.crop_right = self.width - x - width
        self.pointer.pointee.crop_bottom = self.height - y - height
        try check(av_frame_apply_cropping(self.pointer, Int32(AV_FRAME_CROP_UNALIGNED)), "av_frame_apply_cropping")
    }
}
