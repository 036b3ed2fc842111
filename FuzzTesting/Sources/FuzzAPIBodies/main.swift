import FuzzSupport
import Foundation
import SoraAPI

/// Decodes the input as every API body the client reads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAPIBodies(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data.map(UnsafeRawPointer.init) else { return 0 }
    let data = Data(UnsafeRawBufferPointer(start: start, count: count))
    let decoder = JSONDecoder()
    _ = try? decoder.decode(VideoGenerationJob.self, from: data)
    _ = try? decoder.decode(VideoGenerationJobList.self, from: data)
    _ = try? decoder.decode(Video.self, from: data)
    _ = try? decoder.decode(VideoList.self, from: data)
    _ = APIErrorBody.decode(data)
    if let job = try? decoder.decode(VideoGenerationJob.self, from: data) {
        _ = job.generations.map { SoraPaths.isSafeID($0.id) }
    }
    return 0
}

@_cdecl("FuzzAPIBodies_main")
public func fuzzAPIBodiesMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzMain.run(argc, argv, { data, count in fuzzAPIBodies(data, count) })
}
