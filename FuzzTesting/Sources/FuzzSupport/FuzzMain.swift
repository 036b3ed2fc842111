public import FuzzDriver

/// Starts libFuzzer with `callback` as the harness (see FuzzDriver.h for why).
public enum FuzzMain {
    public typealias Callback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    public static func run(
        _ argc: CInt,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ callback: Callback
    ) -> CInt {
        var count = argc
        var arguments = argv
        return withUnsafeMutablePointer(to: &arguments) { argumentsPointer in
            argumentsPointer.withMemoryRebound(to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?.self, capacity: 1) {
                LLVMFuzzerRunDriver(&count, $0, callback)
            }
        }
    }
}
