import FuzzSupport
import MediaKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValidate(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start = data.map(UnsafeRawPointer.init) else { return 0 }
    FuzzFile.with(UnsafeRawBufferPointer(start: start, count: count)) { path in
        _ = Validator(options: ValidationOptions(open: FuzzFile.options)).validate(path)
    }
    return 0
}

@_cdecl("FuzzValidate_main")
public func fuzzValidateMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzMain.run(argc, argv, { data, count in fuzzValidate(data, count) })
}
