/// Terminal columns a string takes: East Asian wide characters (CJK, Hangul, full-width forms,
/// most emoji) take two, combining marks none. `padding(toLength:)` counts characters, which
/// misaligns tables with such names.
enum TextWidth {
    static func columns(_ text: String) -> Int {
        text.reduce(0) { $0 + Self.columns($1) }
    }

    /// `text` followed by spaces up to `width` columns; never cut.
    static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - Self.columns(text)))
    }

    private static func columns(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
