import FFmpegKit

#if canImport(Glibc)
    import Glibc
#endif

/// Finds general-flash transitions (ITU-R BT.1702, Ofcom's guidance on photosensitive
/// epilepsy) in a sequence of coarse luma pictures.
///
/// Each cell of the grid is followed in relative luminance (0...1, from the luma code through
/// a 2.2 display gamma). A cell makes a transition when its luminance moves by 10% of the
/// maximum or more from the last extreme, opposite to its previous transition, and the darker
/// of the two is below 80%. A picture where at least a quarter of the cells make a transition
/// in the same direction, opposite to the last counted one, is a frame-level transition; a
/// flash is a pair of them. Saturated-red flashes are not measured (the grid holds luma only).
struct FlashDetector {
    static let minimumChange = 0.10
    static let darkLimit = 0.80
    static let minimumArea = 0.25

    private static let limitedTable: [Float] = Self.table(floor: 16, span: 219)
    private static let fullTable: [Float] = Self.table(floor: 0, span: 255)

    private var cells = FlashCells([])
    private var lastDirection = 0
    private(set) var transitions: [Double] = []

    /// Adds one picture shown from `time` on.
    mutating func add(_ grid: [UInt8], at time: Double, fullRange: Bool) {
        let table = fullRange ? Self.fullTable : Self.limitedTable
        if self.cells.count != grid.count {
            self.cells = FlashCells(grid.map { table[Int($0)] })
            return
        }
        let (up, down) = self.cells.step(grid, table: table, change: Float(Self.minimumChange), dark: Float(Self.darkLimit))
        let area = Double(grid.count) * Self.minimumArea
        let direction = Double(up) >= area ? 1 : Double(down) >= area ? -1 : 0
        if direction != 0, direction != self.lastDirection {
            self.transitions.append(time)
            self.lastDirection = direction
        }
    }

    private static func table(floor: Double, span: Double) -> [Float] {
        (0..<256).map { code in
            let v = min(max((Double(code) - floor) / span, 0), 1)
            return Float(pow(v, 2.2))
        }
    }
}
