import MediaKit
import TestSupport
import Testing

struct TopLevelBoxesTests {
    @Test func faststartFilesHaveMoovFirst() throws {
        let boxes = try #require(TopLevelBoxes.read(path: Fixtures.media("h264_aac.mp4")))
        #expect(boxes.boxes.first?.type == "ftyp")
        #expect(boxes.isFastStart == true)
        #expect(!boxes.isTruncated)
    }

    @Test func moovAtEndIsSeen() throws {
        let boxes = try #require(TopLevelBoxes.read(path: Fixtures.media("moov_at_end.mp4")))
        #expect(boxes.isFastStart == false)
    }

    @Test func missingMoovIsSeen() throws {
        let boxes = try #require(TopLevelBoxes.read(path: Fixtures.media("no_moov.mp4")))
        #expect(boxes.first("moov") == nil)
        #expect(boxes.isFastStart == nil)
    }

    @Test func truncatedMdatIsSeen() throws {
        let boxes = try #require(TopLevelBoxes.read(path: Fixtures.media("truncated.mp4")))
        #expect(boxes.isTruncated)
        #expect(boxes.boxes.last?.type == "mdat")
    }
}
