import FuzzSupport
import MediaKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProbe(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data.map(UnsafeRawPointer.init) else { return 0 }
    FuzzFile.with(UnsafeRawBufferPointer(start: start, count: count)) { path in
        _ = try? MediaProbe(options: FuzzFile.options).probe(path)
    }
    return 0
}

@_cdecl("FuzzProbe_main")
public func fuzzProbeMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzMain.run(argc, argv, { data, count in fuzzProbe(data, count) })
}
