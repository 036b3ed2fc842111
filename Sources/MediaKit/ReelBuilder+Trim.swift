extension ReelBuilder {
    /// Checks `trim` against a clip `duration` seconds long (input number `number`, from 1) and
    /// resolves it: `nil` when it keeps the whole clip, otherwise a start inside the clip and an
    /// end after it (`nil` for the clip's end). An end past the clip's end is cut there, with a note.
    /// - Throws: ``MediaError`` naming the clip and its length when the trim lies outside it.
    static func resolve(_ trim: ClipTrim?, duration: Double, number: Int, path: String, notes: inout [String]) throws(MediaError) -> ClipTrim? {
        guard let trim else { return nil }
        let length = formatSeconds(duration)
        guard trim.start.isFinite, trim.start >= 0 else {
            throw MediaError(.invalidRequest, path: path, "clip \(number): a trim cannot start at \(formatSeconds(trim.start)) (the clip is \(length) long)")
        }
        guard trim.start < duration else {
            throw MediaError(
                .outOfRange, path: path, "clip \(number): the trim starts at \(formatSeconds(trim.start)), past the clip's end (it is \(length) long)"
            )
        }
        var end = trim.end
        if let value = end {
            guard value.isFinite, value > trim.start else {
                throw MediaError(
                    .invalidRequest, path: path,
                    "clip \(number): the trim ends at \(formatSeconds(value)), not after its start at \(formatSeconds(trim.start)) (the clip is \(length) long)"
                )
            }
            if value > duration {
                notes.append("\(path): clip \(number)'s trim ends at \(formatSeconds(value)), past the clip's end (\(length)): cut there")
            }
            // Within a millisecond of the end is the end.
            if value >= duration - 0.0005 { end = nil }
        }
        guard trim.start > 0 || end != nil else { return nil }
        return ClipTrim(start: trim.start, end: end)
    }

    /// The seconds of a clip `duration` long that `trim` keeps.
    static func length(of trim: ClipTrim?, duration: Double) -> Double {
        guard let trim else { return duration }
        return (trim.end ?? duration) - trim.start
    }
}
