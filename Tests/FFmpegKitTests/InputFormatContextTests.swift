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

    @Test func theWhitelistRefusesPlaylists() {
        do {
            _ = try InputFormatContext(path: Fixtures.media("playlist.mp4"))
            Issue.record("the hls demuxer opened a file")
        } catch {
            #expect(error.function == "avformat_open_input")
        }
    }

    @Test func theDemuxersOwnComplaintIsTheMessage() {
        do {
            _ = try InputFormatContext(path: Fixtures.media("no_moov.mp4"))
            Issue.record("opened a file without moov")
        } catch {
            #expect(error.message.contains("moov atom not found"))
        }
    }

    @Test func anExpiredDeadlineStopsOpening() {
        do {
            _ = try InputFormatContext(path: Fixtures.media("h264_aac.mp4"), options: InputOptions(timeLimit: .zero))
            Issue.record("opened past the deadline")
        } catch {
            #expect(error.code == FFmpegError.exit)
            #expect(error.message == "time limit exceeded")
        }
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
