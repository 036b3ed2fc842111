import FuzzSupport
import ReelPipeline

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStoryboard(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data.map(UnsafeRawPointer.init) else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    _ = try? StoryboardParser().parse(text: text, path: "fuzz.yaml")
    return 0
}

@_cdecl("FuzzStoryboard_main")
public func fuzzStoryboardMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzMain.run(argc, argv, { data, count in fuzzStoryboard(data, count) })
}
