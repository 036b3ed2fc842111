internal import CFFmpeg

/// An owned `AVDictionary`: options passed into FFmpeg calls, freed with `av_dict_free`.
///
/// FFmpeg removes the entries it consumed, so what is left after a call are the options it
/// did not recognise.
final class FFmpegDictionary {
    var pointer: OpaquePointer?

    init(_ entries: KeyValuePairs<String, String> = [:]) {
        for (key, value) in entries {
            self.set(key, value)
        }
    }

    deinit {
        av_dict_free(&self.pointer)
    }

    /// The corresponding FFmpeg function is `av_dict_set`.
    func set(_ key: String, _ value: String) {
        av_dict_set(&self.pointer, key, value, 0)
    }

    /// Copies every entry of a borrowed dictionary (metadata of a stream or a file).
    static func entries(of dictionary: OpaquePointer?) -> [String: String] {
        var result: [String: String] = [:]
        var entry: UnsafeMutablePointer<AVDictionaryEntry>? = nil
        while let next = av_dict_get(dictionary, "", entry, AV_DICT_IGNORE_SUFFIX) {
            if let key = next.pointee.key, let value = next.pointee.value {
                result[String(cString: key)] = String(cString: value)
            }
            entry = next
        }
        return result
    }
}
