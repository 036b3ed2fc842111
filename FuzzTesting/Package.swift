// swift-tools-version:6.2
// libFuzzer harnesses, built apart from the main package because they need
// `-sanitize=fuzzer,address -parse-as-library`. Use `scripts/fuzz TARGET SECONDS`.
import PackageDescription

let package = Package(
    name: "FuzzTesting",
    dependencies: [.package(name: "sorareel", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["FuzzDriver", .product(name: "MediaKit", package: "sorareel")]),
        .executableTarget(name: "FuzzProbe", dependencies: ["FuzzSupport", .product(name: "MediaKit", package: "sorareel")]),
        .executableTarget(name: "FuzzThumbnail", dependencies: ["FuzzSupport", .product(name: "MediaKit", package: "sorareel")]),
        .executableTarget(name: "FuzzValidate", dependencies: ["FuzzSupport", .product(name: "MediaKit", package: "sorareel")]),
        .executableTarget(name: "FuzzConcat", dependencies: ["FuzzSupport", .product(name: "MediaKit", package: "sorareel")]),
        .executableTarget(name: "FuzzAPIBodies", dependencies: ["FuzzSupport", .product(name: "SoraAPI", package: "sorareel")]),
        .executableTarget(name: "FuzzStoryboard", dependencies: ["FuzzSupport", .product(name: "ReelPipeline", package: "sorareel")]),
    ]
)
