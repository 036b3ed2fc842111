import FuzzSupport
import MediaKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzThumbnail(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data.map(UnsafeRawPointer.init) else { return 0 }
    FuzzFile.with(UnsafeRawBufferPointer(start: start, count: count)) { path in
        let stills = try? Thumbnailer(mode: .count(2), width: 64, open: FuzzFile.options).thumbnails(of: path, into: FuzzFile.folder)
        for still in stills ?? [] { unlink(still.path) }
    }
    return 0
}

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("FuzzThumbnail_main")
public func fuzzThumbnailMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzMain.run(argc, argv, { data, count in fuzzThumbnail(data, count) })
}
