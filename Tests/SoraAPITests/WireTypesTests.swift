import Foundation
import SoraAPI
import TestSupport
import Testing

/// The wire types decode real payloads from the Azure docs, the OpenAI spec and user reports,
/// so a mistake shared by the client and the emulator cannot hide.
struct WireTypesTests {
    let decoder = JSONDecoder()

    @Test func sora1QueuedJobFromTheQuickstart() throws {
        let data = try #require(Fixtures.samplePayload("azure_sora1_jobs", "create_response_queued"))
        let job = try self.decoder.decode(VideoGenerationJob.self, from: data)
        #expect(job.id == "task_01jwcet0eje35tc5jy54yjax5q")
        #expect(job.status == .queued)
        #expect(!job.status.isTerminal)
        #expect(job.generations.isEmpty)
        #expect(job.finishedAt == nil && job.expiresAt == nil && job.failureReason == nil)
        #expect(job.width == 480 && job.nSeconds == 5 && job.model == "sora")
    }

    @Test func sora1SucceededJobWithGenerations() throws {
        let data = try #require(Fixtures.samplePayload("azure_sora1_jobs", "succeeded_job"))
        let job = try self.decoder.decode(VideoGenerationJob.self, from: data)
        #expect(job.status == .succeeded && job.status.isTerminal)
        #expect(job.generations.map(\.id) == ["gen_01"])
        #expect(job.generations.first?.jobID == "task_01")
        #expect(job.model == "", "a missing model decodes leniently")
    }

    @Test(arguments: [
        ("azure_sora2_videos", "create_response"), ("azure_sora2_videos", "completed"), ("azure_sora2_videos", "remix_response"),
        ("azure_sora2_videos", "create_response_with_azure_extras"), ("openai_v1_videos", "create_response"),
        ("openai_v1_videos", "remix_response"),
    ])
    func sora2Videos(_ api: String, _ name: String) throws {
        let data = try #require(Fixtures.samplePayload(api, name))
        let video = try self.decoder.decode(Video.self, from: data)
        #expect(video.id.hasPrefix("video_"))
        #expect(["4", "8", "12"].contains(video.seconds))
        #expect(!video.size.isEmpty)
        let again = try self.decoder.decode(Video.self, from: JSONEncoder().encode(video))
        #expect(again == video)
    }

    @Test func sora2CompletedExpiresADayLater() throws {
        let data = try #require(Fixtures.samplePayload("azure_sora2_videos", "completed"))
        let video = try self.decoder.decode(Video.self, from: data)
        #expect(video.status == .completed)
        #expect(video.expiresAt.map { $0 - video.createdAt } == 86_400)
    }

    @Test func sparseListFromTheSpecExample() throws {
        let data = try #require(Fixtures.samplePayload("openai_v1_videos", "list_response"))
        let list = try self.decoder.decode(VideoList.self, from: data)
        #expect(list.data.count == 1)
        #expect(list.data.first?.progress == 0)
        #expect(list.hasMore == false)
    }

    @Test func bothErrorShapesDecode() throws {
        let envelope = try #require(Fixtures.samplePayload("azure_sora2_videos", "error_404_deployment_missing"))
        #expect(APIErrorBody.decode(envelope)?.type == "video_generation_user_error")
        let flat = Data(
            #"{"code":"BadRequest","message":"Inpaint image must match","param":"files","type":"invalid_request_error","inner_error":{"code":"ResponsibleAIPolicyViolation"}}"#
                .utf8)
        let body = try #require(APIErrorBody.decode(flat))
        #expect(body.code == "BadRequest")
        #expect(body.innerError?.code == "ResponsibleAIPolicyViolation")
        #expect(APIErrorBody.decode(Data("<html>502 Bad Gateway</html>".utf8)) == nil)
        #expect(APIErrorBody.decode(Data(#"{"error":{"message":"x","code":429}}"#.utf8))?.code == "429")
    }

    @Test func unknownStatusesAreKeptAndTerminal() throws {
        let data = Data(#"{"id":"video_1","status":"archived","seconds":8,"extra":{"a":1}}"#.utf8)
        let video = try self.decoder.decode(Video.self, from: data)
        #expect(video.status.rawValue == "archived")
        #expect(video.status.isTerminal)
        #expect(video.seconds == "8", "a numeric seconds is read as its string")
    }
}
