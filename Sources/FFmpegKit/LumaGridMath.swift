internal import CFFmpegShims

/// Arithmetic on coarse luma grids that runs on every decoded picture of a validation, in C
/// (`CFFmpegShims`) so that unoptimised builds, as the tests use, stay fast.
package enum LumaGridMath {
    /// The mean absolute difference of two grids of one size; 0 when they differ in size or are empty.
    package static func meanAbsoluteDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        return a.withUnsafeBufferPointer { left in
            b.withUnsafeBufferPointer { right in
                CFFmpegShims_meanAbsoluteDifference(left.baseAddress, right.baseAddress, Int32(a.count))
            }
        }
    }
}

/// The per-cell state of a flash detector over grids of one size: each cell's luminance
/// extremes since its last transition and that transition's direction.
package struct FlashCells {
    private var low: [Float]
    private var high: [Float]
    private var direction: [Int8]

    /// Cells starting at the luminances `values`.
    package init(_ values: [Float]) {
        self.low = values
        self.high = values
        self.direction = [Int8](repeating: 0, count: values.count)
    }

    package var count: Int { self.low.count }

    /// Takes one picture: `table[grid[i]]` is cell i's luminance (`table` has 256 entries).
    /// - Returns: how many cells made an upward and a downward transition of at least `change`
    ///   with the darker side below `dark`.
    package mutating func step(_ grid: [UInt8], table: [Float], change: Float, dark: Float) -> (up: Int, down: Int) {
        guard grid.count == self.count, table.count == 256 else { return (0, 0) }
        var up: Int32 = 0
        var down: Int32 = 0
        let count = Int32(self.count)
        grid.withUnsafeBufferPointer { grid in
            table.withUnsafeBufferPointer { table in
                self.low.withUnsafeMutableBufferPointer { low in
                    self.high.withUnsafeMutableBufferPointer { high in
                        self.direction.withUnsafeMutableBufferPointer { direction in
                            CFFmpegShims_flashStep(
                                grid.baseAddress, table.baseAddress, low.baseAddress, high.baseAddress,
                                direction.baseAddress, count, change, dark, &up, &down
                            )
                        }
                    }
                }
            }
        }
        return (Int(up), Int(down))
    }
}
