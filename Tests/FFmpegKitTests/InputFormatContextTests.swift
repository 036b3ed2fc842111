import TestSupport
import Testing

@testable import FFmpegKit

struct InputFormatContextTests {
    @Test func opensAndSnapshotsStreams() throws {
        let input = try InputFormatContext(path: Fixtures.media("h264_aac.mp4"))
        #expect(input.format.formatName == "mov,mp4,m4a,3gp,3g2,mj2")
        #expect(input.streams.map(\.mediaType) == [.video, .audio])
        #expect(input.streams[0].width == 320)
        #expect(input.streams[0].extradata.isEmpty == false)
        #expect(input.bestStream(.video) == 0)
        #expect(input.bestStream(.audio) == 1)
    }

    @Test func aMissingFileIsAnFFmpegError() {
        #expect(throws: FFmpegError.self) {
            try InputFormatContext(path: Fixtures.media("does_not_exist.mp4"))
        }
    }

    @Test func theWhitelistRefusesPlaylists() throws {
        let error = try #require(throws: FFmpegError.self, "the hls demuxer opened a file") {
            try InputFormatContext(path: Fixtures.media("playlist.mp4"))
        }
        #expect(error.function == "avformat_open_input")
    }

    @Test func theDemuxersOwnComplaintIsTheMessage() throws {
        let error = try #require(throws: FFmpegError.self, "opened a file without moov") {
            try InputFormatContext(path: Fixtures.media("no_moov.mp4"))
        }
        #expect(error.message.contains("moov atom not found"))
    }

    @Test func anExpiredDeadlineStopsOpening() throws {
        let error = try #require(throws: FFmpegError.self, "opened past the deadline") {
            try InputFormatContext(path: Fixtures.media("h264_aac.mp4"), options: InputOptions(timeLimit: .zero))
        }
        #expect(error.code == FFmpegError.exit)
        #expect(error.message == "time limit exceeded")
    }

    @Test func readingEndsWithFalseAtEndOfFile() throws {
        let input = try InputFormatContext(path: Fixtures.media("h264_silent.mp4"))
        let packet = Packet()
        var count = 0
        while try input.read(into: packet) { count += 1 }
        #expect(count == 50)
        #expect(try input.read(into: packet) == false)
    }

    @Test func decoderErrorsAreCountedPerContext() throws {
        let input = try InputFormatContext(path: Fixtures.media("truncated.mp4"))
        let clean = try InputFormatContext(path: Fixtures.media("h264_aac.mp4"))
        let decoder = try Decoder(input: input, stream: 1)
        let packet = Packet()
        let frame = Frame()
        while try input.read(into: packet) {
            guard packet.streamIndex == 1 else { continue }
            try? decoder.send(packet)
            while case .frame = try decoder.receive(into: frame) { frame.unref() }
        }
        #expect(decoder.log.errorCount + input.log.errorCount > 0)
        #expect(clean.log.errorCount == 0)
    }
}
