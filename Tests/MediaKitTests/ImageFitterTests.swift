import FFmpegKit
import Foundation
import SoraAPI
import TestSupport
import Testing

@testable import MediaKit

/// Input images fitted to the video size: decoded by magic bytes, scaled with libswscale,
/// re-encoded in memory; mismatches and non-images refused with the file and the reason.
struct ImageFitterTests {
    static func image(_ name: String) -> String {
        Fixtures.root.appendingPathComponent("Fixtures/images/\(name)").path
    }

    /// Decodes fitted bytes for real (not just their header) and returns the picture.
    static func decode(_ fitted: FittedImage) throws -> Frame {
        let bytes = [UInt8](fitted.data)
        let kind = try #require(ImageHeader.kind(of: bytes), "the fitted bytes are an image")
        return try ImageDecoder(codecName: kind.decoderName, maxPixels: 8192 * 8192).decode(bytes)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var source: String
        var target: VideoSize
        var testDescription: String { "\(self.source) to \(self.target)" }
    }

    /// Landscape and portrait sources into portrait and landscape videos.
    static let cases = [
        Case(source: "landscape_400x300.png", target: VideoSize(width: 480, height: 854)),
        Case(source: "landscape_400x300.png", target: VideoSize(width: 854, height: 480)),
        Case(source: "portrait_300x400.jpg", target: VideoSize(width: 854, height: 480)),
        Case(source: "portrait_300x400.jpg", target: VideoSize(width: 720, height: 1280)),
        Case(source: "webp_320x240.png", target: VideoSize(width: 1280, height: 720)),
    ]

    @Test(arguments: ImageFit.allCases, Self.cases)
    func aFittedImageHasExactlyTheRequestedSize(_ fit: ImageFit, _ testCase: Case) throws {
        let fitted = try ImageFitter(fit: fit).fit(path: Self.image(testCase.source), to: testCase.target)
        #expect(fitted.size == testCase.target)
        #expect(fitted.fit == fit)
        let header = try #require(ImageHeader.read([UInt8](fitted.data)))
        #expect(VideoSize(width: header.width, height: header.height) == testCase.target)
        let picture = try Self.decode(fitted)
        #expect(picture.width == testCase.target.width && picture.height == testCase.target.height)
    }

    @Test func padLeavesBlackBarsAndCropLeavesNone() throws {
        // A 4:3 source in a 9:16 frame: bars above and below when padded.
        let target = VideoSize(width: 480, height: 854)
        let padded = try Self.decode(try ImageFitter(fit: .pad).fit(path: Self.image("landscape_400x300.png"), to: target))
        let cropped = try Self.decode(try ImageFitter(fit: .crop).fit(path: Self.image("landscape_400x300.png"), to: target))
        let rows = 16
        let paddedGrid = try #require(padded.lumaGrid(columns: 8, rows: rows))
        let croppedGrid = try #require(cropped.lumaGrid(columns: 8, rows: rows))
        #expect(paddedGrid.prefix(8).allSatisfy { $0 < 8 }, "the top row is a black bar: \(Array(paddedGrid.prefix(8)))")
        #expect(paddedGrid.suffix(8).allSatisfy { $0 < 8 }, "so is the bottom row")
        #expect(croppedGrid.prefix(8).contains { $0 > 40 }, "cropped, the picture reaches the top: \(Array(croppedGrid.prefix(8)))")
    }

    @Test func jpegStaysJPEGAndOthersBecomePNG() throws {
        let size = VideoSize(width: 480, height: 480)
        let jpeg = try ImageFitter(fit: .crop).fit(path: Self.image("portrait_300x400.jpg"), to: size)
        #expect(jpeg.contentType == "image/jpeg" && jpeg.fileName == "portrait_300x400.jpg")
        let webp = try ImageFitter(fit: .crop).fit(path: Self.image("webp_320x240.png"), to: size)
        #expect(webp.contentType == "image/png" && webp.fileName == "webp_320x240.png")
        #expect(ImageHeader.kind(of: [UInt8](webp.data)) == .png)
    }

    @Test func anImageOfTheRightSizeIsPassedOnUnchanged() throws {
        let path = Self.image("square_480x480.png")
        let fitted = try ImageFitter(fit: .pad).fit(path: path, to: VideoSize(width: 480, height: 480))
        #expect(fitted.data == FileManager.default.contents(atPath: path))
        #expect(fitted.fit == nil)
    }

    @Test func aMismatchWithoutAFitIsRefusedWithBothSizes() throws {
        let path = Self.image("landscape_400x300.png")
        let error = try #require(throws: MediaError.self) {
            try ImageFitter(mismatchAdvice: "add --image-fit crop or --image-fit pad").fit(path: path, to: VideoSize(width: 1280, height: 720))
        }
        #expect(error.code == .sizeMismatch)
        #expect(error.description == "\(path): the image is 400x300 but the video is 1280x720; add --image-fit crop or --image-fit pad")
    }

    @Test func theDecoderIsChosenByMagicBytesNotTheName() throws {
        let header = try ImageFitter().header(path: Self.image("webp_320x240.png"))
        #expect(header == ImageHeader(kind: .webp, width: 320, height: 240))
    }

    @Test func aTextFileIsNotAnImage() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("notes.png").path
        try "just some words\n".write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: MediaError.self) { try ImageFitter(fit: .crop).fit(path: path, to: VideoSize(width: 480, height: 480)) }
        #expect(error.code == .unsupportedFormat)
        #expect(error.description == "\(path): not a PNG, JPEG or WebP image (detected: text)")
    }

    @Test func anMP4IsNotAnImage() throws {
        let path = Fixtures.media("h264_aac.mp4")
        let error = try #require(throws: MediaError.self) { try ImageFitter(fit: .pad).fit(path: path, to: VideoSize(width: 480, height: 480)) }
        #expect(error.code == .unsupportedFormat)
        #expect(error.description == "\(path): not a PNG, JPEG or WebP image (detected: MP4/MOV video)")
    }

    @Test func absurdDimensionsAreRefusedBeforeDecoding() throws {
        // A PNG signature and an IHDR claiming 100000 x 100000, and nothing after it.
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        bytes += [0x00, 0x01, 0x86, 0xA0, 0x00, 0x01, 0x86, 0xA0, 8, 2, 0, 0, 0, 0, 0, 0, 0]
        let error = try #require(throws: MediaError.self) { try ImageFitter(fit: .crop).fit(bytes, name: "huge.png", to: VideoSize(width: 480, height: 480)) }
        #expect(error.code == .invalidRequest)
        #expect(error.description == "huge.png: the image claims 100000x100000 pixels; images above 8192 on a side are refused")
    }

    @Test func aCutShortImageIsRefusedAsUndecodable() throws {
        let whole = try #require(FileManager.default.contents(atPath: Self.image("landscape_400x300.png")))
        let error = try #require(throws: MediaError.self) {
            try ImageFitter(fit: .crop).fit([UInt8](whole.prefix(200)), name: "cut.png", to: VideoSize(width: 480, height: 480))
        }
        #expect(error.code == .unreadable)
        #expect(error.description.hasPrefix("cut.png: cannot decode the PNG image: "))
    }

    @Test func coverAndContainRectangles() {
        let wide = VideoSize(width: 400, height: 300)
        #expect(FitGeometry.cover(wide, target: VideoSize(width: 480, height: 854)) == .init(x: 115, y: 0, width: 169, height: 300))
        #expect(FitGeometry.contain(wide, target: VideoSize(width: 480, height: 854)) == .init(x: 0, y: 247, width: 480, height: 360))
        let tall = VideoSize(width: 300, height: 400)
        #expect(FitGeometry.cover(tall, target: VideoSize(width: 1280, height: 720)) == .init(x: 0, y: 115, width: 300, height: 169))
        #expect(FitGeometry.contain(tall, target: VideoSize(width: 1280, height: 720)) == .init(x: 370, y: 0, width: 540, height: 720))
    }
}
