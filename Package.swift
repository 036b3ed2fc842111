// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "sorareel",
    products: [
        .executable(name: "sorareel", targets: ["sorareel"]),
        .library(name: "MediaKit", targets: ["MediaKit"]),
        .library(name: "SoraAPI", targets: ["SoraAPI"]),
        .library(name: "SoraClient", targets: ["SoraClient"]),
        .library(name: "SoraEmulator", targets: ["SoraEmulator"]),
        .library(name: "ReelPipeline", targets: ["ReelPipeline"]),
        .library(name: "ReelQueue", targets: ["ReelQueue"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [
                .apt([
                    "libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev", "libswresample-dev",
                    "libavfilter-dev",
                ])
            ]
        ),
        .target(name: "CFFmpegShims", dependencies: ["CFFmpeg"]),
        .target(name: "FFmpegKit", dependencies: ["CFFmpeg", "CFFmpegShims"]),
        .target(
            name: "MediaKit",
            dependencies: [
                "FFmpegKit", "SoraAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(name: "SoraAPI"),
        .target(
            name: "SoraClient",
            dependencies: [
                "SoraAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SoraEmulator",
            dependencies: [
                "SoraAPI", "MediaKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ReelPipeline",
            dependencies: [
                "MediaKit", "SoraAPI", "SoraClient",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates")]
        ),
        .target(
            name: "ReelQueue",
            dependencies: [
                "ReelPipeline", "MediaKit", "SoraAPI", "SoraClient",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "sorareel",
            dependencies: [
                "MediaKit", "SoraAPI", "SoraClient", "SoraEmulator", "ReelPipeline", "ReelQueue",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "FFmpegKitTests", dependencies: ["FFmpegKit", "TestSupport"]),
        .testTarget(name: "MediaKitTests", dependencies: ["MediaKit", "FFmpegKit", "SoraAPI", "TestSupport"]),
        .testTarget(name: "SoraAPITests", dependencies: ["SoraAPI", "TestSupport"]),
        .testTarget(
            name: "SoraEmulatorTests",
            dependencies: [
                "SoraEmulator", "SoraAPI", "MediaKit", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SoraClientTests",
            dependencies: [
                "SoraClient", "SoraEmulator", "SoraAPI", "MediaKit", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ReelPipelineTests",
            dependencies: [
                "ReelPipeline", "SoraEmulator", "SoraClient", "SoraAPI", "MediaKit", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ReelQueueTests",
            dependencies: [
                "ReelQueue", "ReelPipeline", "SoraEmulator", "SoraClient", "SoraAPI", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "SorareelTests",
            dependencies: [
                "sorareel", "TestSupport", "SoraEmulator", "ReelPipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
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
