import Foundation
import FuzzSupport
import MediaKit

/// The input is two files back to back, split in the middle; both are joined into a reel.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConcat(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data.map(UnsafeRawPointer.init) else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    let half = count / 2
    FuzzFile.with(UnsafeRawBufferPointer(rebasing: bytes[0..<half]), name: "a.mp4") { a in
        FuzzFile.with(UnsafeRawBufferPointer(rebasing: bytes[half...]), name: "b.mp4") { b in
            let output = (FuzzFile.folder as NSString).appendingPathComponent("reel.mp4")
            let options = ReelOptions(size: VideoSize(width: 64, height: 64), frameRate: 10, open: FuzzFile.options)
            _ = try? ReelBuilder(options: options).build([ReelInput(path: a), ReelInput(path: b)], to: output)
            try? FileManager.default.removeItem(atPath: output)
        }
    }
    return 0
}

@_cdecl("FuzzConcat_main")
public func fuzzConcatMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzMain.run(argc, argv, { data, count in fuzzConcat(data, count) })
}
