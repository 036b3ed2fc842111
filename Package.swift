// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "sorareel",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sorareel", targets: ["sorareel"]),
        .library(name: "MediaKit", targets: ["MediaKit"]),
        .library(name: "SoraAPI", targets: ["SoraAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [
                .apt([
                    "libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev", "libswresample-dev",
                ])
            ]
        ),
        .target(name: "CFFmpegShims", dependencies: ["CFFmpeg"]),
        .target(name: "FFmpegKit", dependencies: ["CFFmpeg", "CFFmpegShims"]),
        .target(
            name: "MediaKit",
            dependencies: [
                "FFmpegKit",
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(name: "SoraAPI"),
        .executableTarget(
            name: "sorareel",
            dependencies: [
                "MediaKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "FFmpegKitTests", dependencies: ["FFmpegKit", "TestSupport"]),
        .testTarget(name: "MediaKitTests", dependencies: ["MediaKit", "FFmpegKit", "TestSupport"]),
        .testTarget(name: "SoraAPITests", dependencies: ["SoraAPI", "TestSupport"]),
        .testTarget(
            name: "SorareelTests",
            dependencies: [
                "sorareel", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
    ]
)

// Settings every Swift target shares, as NIO's "standard cross-repo settings" do.
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
