/// A file name made from an id a service sent, which may hold anything (`/`, `..`, `+`, `=`):
/// the id itself when it is plain letters, digits, `_` and `-`; otherwise its plain characters
/// (at most 40) and a hash of the whole id, so different ids keep different names and no
/// name can leave its folder.
public enum OutputName {
    /// `video_abc` for a plain id, `video_bGl0ZWxsbTpj-3f9a1c2b7d4e8a60` for any other.
    public static func of(_ id: String) -> String {
        let plain = id.unicodeScalars.allSatisfy(Self.isPlain)
        if plain, !id.isEmpty, id.utf8.count <= 64 { return id }
        let kept = String(String.UnicodeScalarView(id.unicodeScalars.filter(Self.isPlain).prefix(40)))
        return (kept.isEmpty ? "output" : kept) + "-" + Self.hash(id)
    }

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D: true
        default: false
        }
    }

    /// FNV-1a, 64 bits, as 16 hex digits: stable across runs and machines.
    private static func hash(_ id: String) -> String {
        let value = id.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
